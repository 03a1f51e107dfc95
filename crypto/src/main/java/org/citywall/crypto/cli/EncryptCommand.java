package org.citywall.crypto.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.citywall.crypto.CiphertextFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "SM2-encrypt a file to a public key (C1C3C2; GM/T 0009 ASN.1, which `openssl pkeyutl -decrypt` reads).")
final class EncryptCommand implements Callable<Integer> {

    @Option(names = "--pubkey", required = true, description = "recipient SM2 public key or certificate (PEM or DER)")
    Path pubkey;

    @Option(names = "--in", required = true, description = "plaintext file (non-empty)")
    Path in;

    @Option(names = "--out", required = true, description = "ciphertext file")
    Path out;

    @Option(names = "--raw", description = "write raw C1||C3||C2 instead of ASN.1")
    boolean raw;

    @Override
    public Integer call() {
        Files2.write(out, Files2.publicKey(pubkey).encrypt(Files2.read(in), raw ? CiphertextFormat.RAW_C1C3C2 : CiphertextFormat.ASN1));
        return 0;
    }
}
