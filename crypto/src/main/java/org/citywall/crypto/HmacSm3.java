package org.citywall.crypto;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Arrays;

/** HMAC-SM3 (RFC 2104 with SM3), 32-byte tags. Thread-safe static helpers. */
public final class HmacSm3 {

    /** Length of an HMAC-SM3 tag in bytes. */
    public static final int TAG_LENGTH = 32;

    private HmacSm3() {
    }

    /** HMAC-SM3 of {@code data} under {@code key} (any non-empty length; 32 bytes recommended). */
    public static byte[] mac(byte[] key, byte[] data) {
        if (key == null || key.length == 0) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "HMAC key must not be empty");
        }
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[TAG_LENGTH];
        mac.doFinal(out, 0);
        return out;
    }

    /** Whether {@code tag} is the HMAC-SM3 of {@code data} under {@code key}; constant-time compare. */
    public static boolean verify(byte[] key, byte[] data, byte[] tag) {
        return tag != null && Arrays.constantTimeAreEqual(mac(key, data), tag);
    }
}
