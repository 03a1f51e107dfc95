package org.citywall.crypto.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm2PrivateKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate an SM2 key pair: PKCS#8 private key (like `openssl genpkey -algorithm SM2`) and optional public key.")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "private key file (PKCS#8, mode 600)")
    Path out;

    @Option(names = "--pubout", description = "public key file (SubjectPublicKeyInfo)")
    Path pubout;

    @Option(names = "--outform", defaultValue = "PEM", description = "PEM or DER (default ${DEFAULT-VALUE})")
    Format outform;

    @Override
    public Integer call() {
        Sm2PrivateKey k = Sm2.generateKey();
        Files2.writeSecret(out, Files2.encode("PRIVATE KEY", k.toDer(), outform == Format.DER));
        if (pubout != null) {
            Files2.write(pubout, Files2.encode("PUBLIC KEY", k.publicKey().toDer(), outform == Format.DER));
        }
        System.out.println("SM2 key written to " + out + (pubout == null ? "" : ", public key to " + pubout)
                + " (fingerprint sm3:" + k.publicKey().fingerprint() + ")");
        return 0;
    }
}
