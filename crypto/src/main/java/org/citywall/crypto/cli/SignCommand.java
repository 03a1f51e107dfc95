package org.citywall.crypto.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.SignatureFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "SM2-sign a file (SM3 with Z value). The DER signature verifies with "
                + "`openssl dgst -sm3 -verify pub.pem -sigopt distid:1234567812345678 -signature SIG FILE` "
                + "(distid: the --user-id given).")
final class SignCommand implements Callable<Integer> {

    @Option(names = "--key", required = true, description = "SM2 private key (PEM or DER)")
    Path key;

    @Option(names = "--in", required = true, description = "file to sign")
    Path in;

    @Option(names = "--out", required = true, description = "signature file")
    Path out;

    @Option(names = "--raw", description = "write raw r||s (64 bytes) instead of DER")
    boolean raw;

    @Option(names = {"--user-id", "--id"}, defaultValue = Sm2.DEFAULT_USER_ID,
            description = "signer user id (SM2 distinguishing identifier, UTF-8; OpenSSL's -sigopt distid:), default ${DEFAULT-VALUE}")
    String id;

    @Override
    public Integer call() {
        byte[] sig = Files2.privateKey(key).sign(Files2.read(in), Files2.userId(id), raw ? SignatureFormat.RAW : SignatureFormat.DER);
        Files2.write(out, sig);
        return 0;
    }
}
