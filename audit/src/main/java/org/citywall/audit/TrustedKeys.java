package org.citywall.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.Sm2PublicKey;
import org.citywall.crypto.pki.CertificatePurpose;
import org.citywall.crypto.pki.ChainValidator;
import org.citywall.crypto.pki.Pkix;

/**
 * The public keys a verifier trusts to sign tree heads — the auditor's trust anchor, obtained
 * out of band (never from the bundle being checked). Keys are either bound to a key id and
 * version (from a key ring) or unbound (a PEM public key or a certificate): an unbound key is
 * used for a head whose embedded key it equals, or for every head when it is the only one.
 */
public final class TrustedKeys {

    private final List<Sm2PublicKey> unbound;
    private final Map<String, Sm2PublicKey> bound;
    private final boolean embedded;

    private TrustedKeys(List<Sm2PublicKey> unbound, Map<String, Sm2PublicKey> bound, boolean embedded) {
        this.unbound = List.copyOf(unbound);
        this.bound = Map.copyOf(bound);
        this.embedded = embedded;
    }

    /** Trust these keys, whatever key id and version a head names. */
    public static TrustedKeys of(Sm2PublicKey... keys) {
        return new TrustedKeys(List.of(keys), Map.of(), false);
    }

    /** Trust every version of key {@code keyName} in {@code ring}, each for its own id and version. */
    public static TrustedKeys of(KeyRing ring, String keyName) {
        Map<String, Sm2PublicKey> m = new HashMap<>();
        ring.publicKeys(keyName).forEach((v, k) -> m.put(LogState.keyRef(keyName, v), k));
        return new TrustedKeys(List.of(), m, false);
    }

    /** Trust exactly these keys, by {@link LogState#keyRef}. */
    static TrustedKeys bound(Map<String, Sm2PublicKey> byRef) {
        return new TrustedKeys(List.of(), byRef, false);
    }

    /**
     * Trust the keys in these files: PEM {@code PUBLIC KEY}s or X.509 certificates (PEM or DER;
     * a PEM file may hold several).
     *
     * @throws IllegalArgumentException naming the file that holds neither
     */
    public static TrustedKeys fromFiles(List<Path> files) throws IOException {
        List<Sm2PublicKey> keys = new ArrayList<>();
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            String text = new String(b, StandardCharsets.US_ASCII);
            try {
                if (text.contains("-----BEGIN PUBLIC KEY-----")) {
                    keys.add(Sm2PublicKey.fromPem(text));
                } else {
                    Pkix.certificates(b).forEach(c -> keys.add(Pkix.publicKey(c)));
                }
            } catch (CryptoException | IllegalArgumentException e) {
                throw new IllegalArgumentException(f + " holds no SM2 public key or certificate: " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no public key or certificate given");
        }
        return new TrustedKeys(keys, Map.of(), false);
    }

    /**
     * Trust the certificates in these files, each only after its chain validates up to one of the
     * {@code anchors} at {@code at} (SM2 signatures, validity, CA constraints, revocation in any of
     * {@code crls}) and its key usage, if it has one, allows signing (digitalSignature or
     * nonRepudiation): the first certificate of a file is the signer's, the rest its intermediates.
     *
     * @throws IllegalArgumentException naming the file whose certificate does not validate, and why
     */
    public static TrustedKeys fromCertificates(List<Path> files, List<Path> anchors, List<Path> crls, Instant at)
            throws IOException {
        List<X509CertificateHolder> roots = new ArrayList<>();
        for (Path a : anchors) {
            try {
                roots.addAll(Pkix.certificates(Files.readAllBytes(a)));
            } catch (CryptoException | IllegalArgumentException e) {
                throw new IllegalArgumentException(a + " holds no CA certificate: " + e.getMessage());
            }
        }
        List<X509CRLHolder> revocations = new ArrayList<>();
        for (Path c : crls) {
            try {
                revocations.add(Pkix.crl(Files.readAllBytes(c)));
            } catch (CryptoException | IllegalArgumentException e) {
                throw new IllegalArgumentException(c + " holds no CRL: " + e.getMessage());
            }
        }
        ChainValidator validator = new ChainValidator(roots, revocations);
        List<Sm2PublicKey> keys = new ArrayList<>();
        for (Path f : files) {
            List<X509CertificateHolder> chain;
            try {
                chain = Pkix.certificates(Files.readAllBytes(f));
            } catch (CryptoException | IllegalArgumentException e) {
                throw new IllegalArgumentException(f + " holds no certificate (a bare public key cannot be checked against a CA): "
                        + e.getMessage());
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(f + " holds no certificate");
            }
            try {
                // a certificate issued for key exchange or encryption alone must not vouch for tree heads
                validator.validate(chain.get(0), chain.subList(1, chain.size()), at, CertificatePurpose.SIGNATURE);
            } catch (CryptoException e) {
                throw new IllegalArgumentException("the certificate in " + f + " does not validate against the given CA: "
                        + e.getMessage());
            }
            keys.add(Pkix.publicKey(chain.get(0)));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no certificate given");
        }
        return new TrustedKeys(keys, Map.of(), false);
    }

    /**
     * Trust whatever keys the verified source carries. This proves only that the source is
     * self-consistent — anyone can re-sign a forged log with a key of their own — so reports say so.
     */
    public static TrustedKeys embeddedKeys() {
        return new TrustedKeys(List.of(), Map.of(), true);
    }

    boolean trustsEmbedded() {
        return embedded;
    }

    /** The key to check a head of {@code keyId} v{@code version} with, given the key the source carries for it (or null). */
    Optional<Sm2PublicKey> resolve(String keyId, int version, Sm2PublicKey carried) {
        Sm2PublicKey b = bound.get(LogState.keyRef(keyId, version));
        if (b != null) {
            return Optional.of(b);
        }
        if (embedded) {
            return Optional.ofNullable(carried);
        }
        if (carried != null) {
            return unbound.contains(carried) ? Optional.of(carried) : Optional.empty();
        }
        return unbound.size() == 1 ? Optional.of(unbound.get(0)) : Optional.empty();
    }
}
