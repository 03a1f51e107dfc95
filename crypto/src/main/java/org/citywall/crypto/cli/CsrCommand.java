package org.citywall.crypto.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.citywall.crypto.pki.CsrBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "csr", mixinStandardHelpOptions = true,
        description = "Make a PKCS#10 request signed with SM2 (checks with `openssl req -verify -vfyopt distid:1234567812345678`).")
final class CsrCommand implements Callable<Integer> {

    @Option(names = "--key", required = true, description = "SM2 private key (PEM or DER)")
    Path key;

    @Option(names = "--subj", required = true, description = "subject, e.g. \"CN=app1.gov.example,O=Province,C=CN\"")
    String subject;

    @Option(names = "--san", description = "requested subject alternative name: dns:, ip:, email: or uri: (repeatable)")
    List<String> sans = List.of();

    @Option(names = "--out", required = true, description = "request file")
    Path out;

    @Option(names = "--outform", defaultValue = "PEM", description = "PEM or DER (default ${DEFAULT-VALUE})")
    Format outform;

    @Override
    public Integer call() throws Exception {
        byte[] der = CsrBuilder.create(Files2.privateKey(key), subject, sans).getEncoded();
        Files2.write(out, Files2.encode("CERTIFICATE REQUEST", der, outform == Format.DER));
        return 0;
    }
}
