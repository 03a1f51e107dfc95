package org.citywall.crypto.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.SignatureFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an SM2 signature of a file. Exit 0 and `Verified OK`, or exit 1 and `Verification failure`.")
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--pubkey", required = true, description = "SM2 public key or certificate (PEM or DER)")
    Path pubkey;

    @Option(names = "--in", required = true, description = "signed file")
    Path in;

    @Option(names = "--sig", required = true, description = "signature file (DER, or raw with --raw)")
    Path sig;

    @Option(names = "--raw", description = "the signature is raw r||s")
    boolean raw;

    @Option(names = {"--user-id", "--id"}, defaultValue = Sm2.DEFAULT_USER_ID,
            description = "signer user id (SM2 distinguishing identifier, UTF-8; OpenSSL's -sigopt distid:), default ${DEFAULT-VALUE}")
    String id;

    @Override
    public Integer call() {
        boolean ok = Files2.publicKey(pubkey).verify(Files2.read(in), Files2.read(sig), Files2.userId(id),
                raw ? SignatureFormat.RAW : SignatureFormat.DER);
        System.out.println(ok ? "Verified OK" : "Verification failure");
        return ok ? 0 : 1;
    }
}
