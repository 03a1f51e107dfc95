package org.citywall.crypto.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.bouncycastle.cert.X509CRLHolder;
import org.citywall.crypto.pki.CertificateAuthority;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "crl", mixinStandardHelpOptions = true,
        description = "Revoke serials (optional) and write a fresh SM2-signed CRL of everything the CA has revoked "
                + "(`openssl crl -in crl.pem -text` reads it).")
final class CrlCommand implements Callable<Integer> {

    @ArgGroup(exclusive = false, multiplicity = "1")
    CaOptions ca;

    @Option(names = "--revoke", description = "hex serial to revoke first (repeatable)")
    List<String> revoke = List.of();

    @Option(names = "--reason", defaultValue = "0", description = "RFC 5280 CRLReason code for --revoke (1 keyCompromise, 4 superseded, ...)")
    int reason;

    @Option(names = "--days", defaultValue = "7", description = "next update in days (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--out", required = true, description = "CRL file")
    Path out;

    @Option(names = "--outform", defaultValue = "PEM", description = "PEM or DER (default ${DEFAULT-VALUE})")
    Format outform;

    @Override
    public Integer call() throws Exception {
        CertificateAuthority authority = ca.open();
        for (String serial : revoke) {
            if (!serial.matches("(0x)?[0-9a-fA-F]{1,64}")) {
                throw new IllegalArgumentException("--revoke takes a hexadecimal serial, not " + serial);
            }
            authority.revoke(new BigInteger(serial.replaceFirst("^0x", ""), 16), reason);
        }
        X509CRLHolder crl = authority.crl(Duration.ofDays(days));
        Files2.write(out, Files2.encode("X509 CRL", crl.getEncoded(), outform == Format.DER));
        System.out.println("CRL with " + authority.ledger().revocations().size() + " revoked certificate(s) -> " + out);
        return 0;
    }
}
