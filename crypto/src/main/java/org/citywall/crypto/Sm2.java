package org.citywall.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;

/**
 * SM2 on the recommended curve sm2p256v1 (GB/T 32918, OID 1.2.156.10197.1.301).
 *
 * <p>Keys are {@link Sm2PrivateKey} and {@link Sm2PublicKey}; this class holds the shared
 * constants. The curve is Bouncy Castle's optimised {@code CustomNamedCurves} implementation
 * (the generic {@code GMNamedCurves} one is 5-9x slower).
 */
public final class Sm2 {

    /** The GM/T 0009 default signer identity, used for the Z value unless a caller gives another. */
    public static final String DEFAULT_USER_ID = "1234567812345678";

    static final byte[] DEFAULT_USER_ID_BYTES = DEFAULT_USER_ID.getBytes(StandardCharsets.US_ASCII);

    static final X9ECParameters CURVE = CustomNamedCurves.getByName("sm2p256v1");

    static final ECNamedDomainParameters DOMAIN = new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, CURVE);

    /** Order n of the base point. */
    static final BigInteger N = CURVE.getN();

    private Sm2() {
    }

    /** A new random SM2 key pair from a strong source of randomness. */
    public static Sm2PrivateKey generateKey() {
        return Sm2PrivateKey.generate(Randomness.get());
    }

    /** The default user id as bytes (a fresh copy). */
    public static byte[] defaultUserId() {
        return DEFAULT_USER_ID_BYTES.clone();
    }

    static SecureRandom random() {
        return Randomness.get();
    }
}
