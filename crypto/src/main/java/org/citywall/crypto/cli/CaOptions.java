package org.citywall.crypto.cli;

import java.nio.file.Path;
import java.util.List;
import org.citywall.crypto.pki.CaLedger;
import org.citywall.crypto.pki.CertificateAuthority;
import org.citywall.crypto.pki.Pkix;
import picocli.CommandLine.Option;

/** The CA a command acts as: its certificate, key and ledger of issued and revoked serials. */
final class CaOptions {

    @Option(names = "--ca-cert", required = true, description = "CA certificate (PEM or DER)")
    Path caCert;

    @Option(names = "--ca-key", required = true, description = "CA private key (PEM or DER)")
    Path caKey;

    @Option(names = "--ledger", description = "CA ledger of issued/revoked serials (default: <ca-cert>.ledger.json)")
    Path ledger;

    CertificateAuthority open() {
        return new CertificateAuthority(Files2.privateKey(caKey), Pkix.certificate(Files2.read(caCert)), List.of(),
                CaLedger.open(ledgerPath()));
    }

    Path ledgerPath() {
        return ledger != null ? ledger : caCert.resolveSibling(caCert.getFileName() + ".ledger.json");
    }
}
