package org.citywall.crypto.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.citywall.crypto.CiphertextFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Decrypt an SM2 ciphertext (ASN.1 as `openssl pkeyutl -encrypt` writes, or raw C1C3C2 with --raw).")
final class DecryptCommand implements Callable<Integer> {

    @Option(names = "--key", required = true, description = "SM2 private key (PEM or DER)")
    Path key;

    @Option(names = "--in", required = true, description = "ciphertext file")
    Path in;

    @Option(names = "--out", required = true, description = "plaintext file")
    Path out;

    @Option(names = "--raw", description = "the ciphertext is raw C1||C3||C2")
    boolean raw;

    @Override
    public Integer call() {
        byte[] pt = Files2.privateKey(key).decrypt(Files2.read(in), raw ? CiphertextFormat.RAW_C1C3C2 : CiphertextFormat.ASN1);
        Files2.writeSecret(out, pt);
        return 0;
    }
}
