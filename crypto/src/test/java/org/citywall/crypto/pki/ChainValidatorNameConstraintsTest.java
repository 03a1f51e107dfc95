package org.citywall.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citywall.crypto.pki.HandMadeCertificates.excluded;
import static org.citywall.crypto.pki.HandMadeCertificates.permitted;
import static org.citywall.crypto.pki.HandMadeCertificates.sans;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.pki.HandMadeCertificates.Ca;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 5280 name constraints: names below a constrained CA must lie inside its permitted and outside its excluded subtrees. */
class ChainValidatorNameConstraintsTest {

    private static final String DISTID = "distid:1234567812345678";

    @TempDir
    Path dir;

    private static GeneralName dns(String n) {
        return new GeneralName(GeneralName.dNSName, n);
    }

    private static GeneralName email(String n) {
        return new GeneralName(GeneralName.rfc822Name, n);
    }

    private static GeneralName ip(String n) {
        return new GeneralName(GeneralName.iPAddress, n);
    }

    private static List<X509CertificateHolder> validate(Ca root, X509CertificateHolder leaf, X509CertificateHolder... intermediates) {
        return new ChainValidator(List.of(root.certificate()), List.of()).validate(leaf, List.of(intermediates), Instant.now());
    }

    private static void refused(Ca root, X509CertificateHolder leaf, X509CertificateHolder... intermediates) {
        assertThatThrownBy(() -> validate(root, leaf, intermediates)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("name constraints");
    }

    @Test
    void dnsNamesMustLieUnderAPermittedDomainLabelByLabel() {
        Ca root = HandMadeCertificates.root("CN=Gov Root", permitted(dns("gov.example")));
        assertThat(validate(root, HandMadeCertificates.leaf(root, "CN=a", sans(dns("app.gov.example"))))).hasSize(2);
        assertThat(validate(root, HandMadeCertificates.leaf(root, "CN=a", sans(dns("gov.example"))))).hasSize(2);
        refused(root, HandMadeCertificates.leaf(root, "CN=a", sans(dns("evil.example"))));
        refused(root, HandMadeCertificates.leaf(root, "CN=a", sans(dns("notgov.example"))));
        // one good name does not carry a bad one
        refused(root, HandMadeCertificates.leaf(root, "CN=a", sans(dns("app.gov.example"), dns("evil.example"))));
    }

    @Test
    void anIntermediatesConstraintsNarrowThoseAboveAndExclusionsWin() {
        Ca root = HandMadeCertificates.root("CN=Gov Root", permitted(dns("gov.example")));
        Ca city = HandMadeCertificates.intermediate(root, "CN=City CA", permitted(dns("city.gov.example")));
        assertThat(validate(root, HandMadeCertificates.leaf(city, "CN=a", sans(dns("www.city.gov.example"))), city.certificate())).hasSize(3);
        refused(root, HandMadeCertificates.leaf(city, "CN=a", sans(dns("www.other.gov.example"))), city.certificate());
        // an intermediate cannot widen what its issuer permits
        Ca wide = HandMadeCertificates.intermediate(root, "CN=Wide CA", permitted(dns("example")));
        refused(root, HandMadeCertificates.leaf(wide, "CN=a", sans(dns("www.evil.example"))), wide.certificate());
        Ca noPayroll = HandMadeCertificates.intermediate(root, "CN=No Payroll CA", excluded(dns("payroll.gov.example")));
        refused(root, HandMadeCertificates.leaf(noPayroll, "CN=a", sans(dns("db.payroll.gov.example"))), noPayroll.certificate());
        assertThat(validate(root, HandMadeCertificates.leaf(noPayroll, "CN=a", sans(dns("db.tax.gov.example"))),
                noPayroll.certificate())).hasSize(3);
    }

    @Test
    void ipAddressesAreCheckedAgainstNetworks() {
        // 10.0.0.0/8 as address and mask
        GeneralName tenSlash8 = new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[] {10, 0, 0, 0, (byte) 255, 0, 0, 0}));
        Ca root = HandMadeCertificates.root("CN=Net Root", permitted(tenSlash8));
        assertThat(validate(root, HandMadeCertificates.leaf(root, "CN=a", sans(ip("10.1.2.3"))))).hasSize(2);
        assertThatThrownBy(() -> validate(root, HandMadeCertificates.leaf(root, "CN=a", sans(ip("192.168.1.1")))))
                .hasMessageContaining("IP address 192.168.1.1");
    }

    @Test
    void emailAddressesInTheSubjectAltNameAndInTheSubjectAreChecked() {
        Ca root = HandMadeCertificates.root("CN=Mail Root", permitted(email("gov.example")));
        assertThat(validate(root, HandMadeCertificates.leaf(root, "CN=a", sans(email("clerk@gov.example"))))).hasSize(2);
        refused(root, HandMadeCertificates.leaf(root, "CN=a", sans(email("clerk@evil.example"))));
        refused(root, HandMadeCertificates.leaf(root, "CN=a,E=clerk@evil.example"));
    }

    @Test
    void subjectNamesMustLieInAPermittedDirectorySubtree() {
        Ca root = HandMadeCertificates.root("CN=Dir Root",
                permitted(new GeneralName(new X500Name("C=CN,O=Province"))));
        assertThat(validate(root, HandMadeCertificates.leaf(root, "C=CN,O=Province,CN=app"))).hasSize(2);
        refused(root, HandMadeCertificates.leaf(root, "C=CN,O=Elsewhere,CN=app"));
    }

    @Test
    void aHostNameInTheCommonNameCannotDodgeADnsConstraint() {
        Ca root = HandMadeCertificates.root("CN=Gov Root", permitted(dns("gov.example")));
        refused(root, HandMadeCertificates.leaf(root, "CN=www.evil.example"));
        assertThat(validate(root, HandMadeCertificates.leaf(root, "CN=www.gov.example"))).hasSize(2);
        // a common name that is no host name is not a DNS name
        assertThat(validate(root, HandMadeCertificates.leaf(root, "CN=Payroll Service"))).hasSize(2);
    }

    @Test
    void aConstraintOnAFormOfNameThatCannotBeCheckedFailsInsteadOfAllowingEverything() {
        Ca root = HandMadeCertificates.root("CN=Odd Root",
                permitted(new GeneralName(GeneralName.registeredID, new ASN1ObjectIdentifier("1.2.3.4"))));
        assertThatThrownBy(() -> validate(root, HandMadeCertificates.leaf(root, "CN=a")))
                .hasMessageContaining("CN=Odd Root").hasMessageContaining("cannot check");
    }

    @Test
    void openSslAgreesOnTheSameFiles() throws Exception {
        Ca root = HandMadeCertificates.root("CN=Gov Root", permitted(dns("gov.example")));
        Files.writeString(dir.resolve("root.pem"), Pkix.toPem(root.certificate()));
        X509CertificateHolder inside = HandMadeCertificates.leaf(root, "CN=in", sans(dns("app.gov.example")));
        X509CertificateHolder outside = HandMadeCertificates.leaf(root, "CN=out", sans(dns("app.evil.example")));
        Files.writeString(dir.resolve("inside.pem"), Pkix.toPem(inside));
        Files.writeString(dir.resolve("outside.pem"), Pkix.toPem(outside));

        assertThat(OpenSslRunner.ok(dir, "verify", "-vfyopt", DISTID, "-CAfile", "root.pem", "inside.pem")).contains("inside.pem: OK");
        assertThat(validate(root, inside)).hasSize(2);
        OpenSslRunner.Result rejected = OpenSslRunner.run(dir, "verify", "-vfyopt", DISTID, "-CAfile", "root.pem", "outside.pem");
        assertThat(rejected.exit()).isNotZero();
        assertThat(rejected.output()).contains("permitted subtree violation");
        refused(root, outside);
    }
}
