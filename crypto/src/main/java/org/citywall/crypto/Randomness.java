package org.citywall.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** One seeded DRBG per thread: NIST Hash_DRBG has per-instance state, so threads never contend on a global lock. */
final class Randomness {

    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(Randomness::create);

    private Randomness() {
    }

    static SecureRandom get() {
        return PER_THREAD.get();
    }

    static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        get().nextBytes(b);
        return b;
    }
}
