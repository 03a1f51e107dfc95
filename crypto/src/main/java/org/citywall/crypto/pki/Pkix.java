package org.citywall.crypto.pki;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.Pem;
import org.citywall.crypto.Sm2PublicKey;

/** Reading and writing certificates, CSRs and CRLs as PEM or DER, as the OpenSSL command line does. */
public final class Pkix {

    private Pkix() {
    }

    /** Parses a certificate from PEM ({@code CERTIFICATE}) or DER bytes. */
    public static X509CertificateHolder certificate(byte[] pemOrDer) {
        try {
            return new X509CertificateHolder(der(pemOrDer, "CERTIFICATE"));
        } catch (IOException | RuntimeException e) {
            throw malformed("not an X.509 certificate", e);
        }
    }

    /** Parses every certificate of a PEM bundle (or a single DER certificate). */
    public static List<X509CertificateHolder> certificates(byte[] pemOrDer) {
        if (!isPem(pemOrDer)) {
            return List.of(certificate(pemOrDer));
        }
        List<X509CertificateHolder> out = new ArrayList<>();
        try (PemReader r = new PemReader(new java.io.StringReader(new String(pemOrDer, java.nio.charset.StandardCharsets.US_ASCII)))) {
            for (PemObject o; (o = r.readPemObject()) != null; ) {
                if (o.getType().equals("CERTIFICATE")) {
                    out.add(new X509CertificateHolder(o.getContent()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw malformed("malformed certificate bundle", e);
        }
        return out;
    }

    /** Parses a PKCS#10 request from PEM ({@code CERTIFICATE REQUEST}) or DER bytes. */
    public static PKCS10CertificationRequest csr(byte[] pemOrDer) {
        try {
            return new PKCS10CertificationRequest(der(pemOrDer, "CERTIFICATE REQUEST"));
        } catch (IOException | RuntimeException e) {
            throw malformed("not a PKCS#10 certificate request", e);
        }
    }

    /** Parses a CRL from PEM ({@code X509 CRL}) or DER bytes. */
    public static X509CRLHolder crl(byte[] pemOrDer) {
        try {
            return new X509CRLHolder(der(pemOrDer, "X509 CRL"));
        } catch (IOException | RuntimeException e) {
            throw malformed("not an X.509 CRL", e);
        }
    }

    public static String toPem(X509CertificateHolder cert) {
        return Pem.write("CERTIFICATE", encoded(cert.toASN1Structure()));
    }

    public static String toPem(PKCS10CertificationRequest csr) {
        return Pem.write("CERTIFICATE REQUEST", encoded(csr.toASN1Structure()));
    }

    public static String toPem(X509CRLHolder crl) {
        return Pem.write("X509 CRL", encoded(crl.toASN1Structure()));
    }

    /** The SM2 public key of a certificate (validated point on sm2p256v1). */
    public static Sm2PublicKey publicKey(X509CertificateHolder cert) {
        return Sm2PublicKey.fromDer(encoded(cert.getSubjectPublicKeyInfo()));
    }

    static byte[] encoded(org.bouncycastle.asn1.ASN1Object o) {
        try {
            return o.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Largest input searched for a PEM header (text such as {@code openssl x509 -text} output may come first). */
    static final int PEM_SCAN_LIMIT = 1 << 20;

    /** Whether {@code b} holds a PEM block anywhere in its first {@link #PEM_SCAN_LIMIT} bytes, not only at the start. */
    public static boolean isPem(byte[] b) {
        return b.length > 10 && new String(b, 0, Math.min(b.length, PEM_SCAN_LIMIT), java.nio.charset.StandardCharsets.US_ASCII)
                .contains("-----BEGIN ");
    }

    private static byte[] der(byte[] pemOrDer, String label) {
        if (pemOrDer == null || pemOrDer.length == 0) {
            throw new IllegalArgumentException("empty");
        }
        if (!isPem(pemOrDer)) {
            return pemOrDer;
        }
        Pem.Block b = Pem.read(new String(pemOrDer, java.nio.charset.StandardCharsets.US_ASCII));
        if (!b.label().equals(label) && !(label.equals("CERTIFICATE REQUEST") && b.label().equals("NEW CERTIFICATE REQUEST"))) {
            throw new IllegalArgumentException("expected PEM " + label + ", found " + b.label());
        }
        return b.der();
    }

    /** A Java class or exception name inside a parser's message ("unknown object in getInstance: org.bouncycastle..."). */
    private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "\\b(org|java|javax|sun|com)\\.[a-z]|Exception");

    /**
     * Parser detail helps whoever sent the input (it ends up in service answers), but some of it
     * names library classes: such detail is left out, the sentence stays.
     */
    private static CryptoException malformed(String message, Exception e) {
        String m = e.getMessage();
        String detail = m == null || INTERNALS.matcher(m).find() ? "" : ": " + m;
        return new CryptoException(CryptoException.Reason.MALFORMED_INPUT, message + detail);
    }
}
