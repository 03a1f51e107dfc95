package org.citywall.crypto.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.citywall.crypto.pki.CaLedger;
import org.citywall.crypto.pki.CertificateAuthority;
import org.citywall.crypto.pki.CertificateProfile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue a certificate from a CSR after verifying its SM2 signature, or create a self-signed root.",
            "  root:          issue --self-signed --key root.key --subj \"CN=Root,O=Province\" --days 3650 --out root.pem",
            "  intermediate:  issue --ca-cert root.pem --ca-key root.key --csr sub.csr --ca --days 1825 --out sub.pem",
            "  end entity:    issue --ca-cert sub.pem --ca-key sub.key --csr app.csr --eku SERVER_AUTH --days 365 --out app.pem",
            "OpenSSL checks a link with `openssl verify -vfyopt distid:1234567812345678 -CAfile ISSUER.pem CERT.pem`."})
final class IssueCommand implements Callable<Integer> {

    static final class SelfSigned {
        @Option(names = "--self-signed", required = true, description = "create a self-signed root CA certificate")
        boolean selfSigned;

        @Option(names = "--key", required = true, description = "root private key")
        Path key;

        @Option(names = "--subj", required = true, description = "root subject, e.g. \"CN=CityWall Root,O=Province,C=CN\"")
        String subject;
    }

    static final class FromCsr {
        @ArgGroup(exclusive = false, multiplicity = "1")
        CaOptions ca;

        @Option(names = "--csr", required = true, description = "PKCS#10 request (PEM or DER)")
        Path csr;

        @Option(names = "--ca", description = "issue an intermediate CA certificate")
        boolean intermediate;

        @Option(names = "--path-len", defaultValue = "0", description = "path length of an intermediate (-1 unlimited; default ${DEFAULT-VALUE})")
        int pathLength;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @ArgGroup(exclusive = false)
        SelfSigned selfSigned;

        @ArgGroup(exclusive = false)
        FromCsr fromCsr;
    }

    @Option(names = "--days", defaultValue = "365", description = "validity in days (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--ku", split = ",", description = "key usages: ${COMPLETION-CANDIDATES} (default DIGITAL_SIGNATURE,NON_REPUDIATION)")
    List<CertificateProfile.KeyUsage> keyUsages;

    @Option(names = "--eku", split = ",", description = "extended key usages: ${COMPLETION-CANDIDATES}")
    List<CertificateProfile.ExtendedKeyUsage> extendedKeyUsages = List.of();

    @Option(names = "--san", description = "subject alternative name dns:/ip:/email:/uri: (repeatable; default: as requested in the CSR)")
    List<String> sans = List.of();

    @Option(names = "--out", required = true, description = "certificate file")
    Path out;

    @Option(names = "--outform", defaultValue = "PEM", description = "PEM or DER (default ${DEFAULT-VALUE})")
    Format outform;

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1");
        }
        X509CertificateHolder cert;
        if (mode.selfSigned != null) {
            Path ledger = out.resolveSibling(out.getFileName() + ".ledger.json");
            cert = CertificateAuthority.createRoot(mode.selfSigned.subject, Files2.privateKey(mode.selfSigned.key), Duration.ofDays(days),
                    CaLedger.open(ledger)).certificate();
        } else {
            CertificateAuthority ca = mode.fromCsr.ca.open();
            byte[] csr = Files2.read(mode.fromCsr.csr);
            if (mode.fromCsr.intermediate) {
                cert = ca.issueCa(csr, Duration.ofDays(days), mode.fromCsr.pathLength);
            } else {
                EnumSet<CertificateProfile.KeyUsage> ku = keyUsages == null || keyUsages.isEmpty()
                        ? EnumSet.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE, CertificateProfile.KeyUsage.NON_REPUDIATION)
                        : EnumSet.copyOf(keyUsages);
                cert = ca.issue(csr, new CertificateProfile(Duration.ofDays(days), ku, java.util.Set.copyOf(extendedKeyUsages), sans));
            }
        }
        Files2.write(out, Files2.encode("CERTIFICATE", cert.getEncoded(), outform == Format.DER));
        System.out.println("issued " + cert.getSubject() + " serial=" + cert.getSerialNumber().toString(16) + " -> " + out);
        return 0;
    }
}
