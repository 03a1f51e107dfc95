package org.citywall.crypto;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One named key and its versions: an immutable snapshot, replaced whole on every change. */
record ManagedKey(String name, KeyType type, int primary, int minDecryption, Map<Integer, Version> versions) {

    ManagedKey {
        versions = Collections.unmodifiableMap(new TreeMap<>(versions));
    }

    /** One version's state and material. Exactly one of {@code sm2} / {@code secret} is set unless destroyed. */
    record Version(int number, VersionState state, Instant created, Sm2PrivateKey sm2, Sm2PublicKey sm2Public, byte[] secret) {

        static Version fresh(int number, KeyType type) {
            Instant now = Instant.now();
            return switch (type) {
                case SM2_SIGNING, SM2_ENCRYPTION -> {
                    Sm2PrivateKey k = Sm2.generateKey();
                    yield new Version(number, VersionState.ENABLED, now, k, k.publicKey(), null);
                }
                case SM4_GCM -> new Version(number, VersionState.ENABLED, now, null, null, Sm4Gcm.generateKey());
                case HMAC_SM3 -> new Version(number, VersionState.ENABLED, now, null, null, Randomness.bytes(32));
            };
        }

        Version withState(VersionState s) {
            if (s == VersionState.DESTROYED) {
                // the caller erases the old secret once the change is committed
                return new Version(number, s, created, null, sm2Public, null);
            }
            return new Version(number, s, created, sm2, sm2Public, secret);
        }
    }

    static ManagedKey create(String name, KeyType type) {
        return new ManagedKey(name, type, 1, 1, Map.of(1, Version.fresh(1, type)));
    }

    ManagedKey rotated() {
        int next = versions.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        Map<Integer, Version> v = new TreeMap<>(versions);
        v.put(next, Version.fresh(next, type));
        return new ManagedKey(name, type, next, minDecryption, v);
    }

    ManagedKey withVersion(Version changed) {
        Map<Integer, Version> v = new TreeMap<>(versions);
        v.put(changed.number(), changed);
        return new ManagedKey(name, type, primary, minDecryption, v);
    }

    ManagedKey withPrimary(int p) {
        return new ManagedKey(name, type, p, minDecryption, versions);
    }

    ManagedKey withMinDecryption(int m) {
        return new ManagedKey(name, type, primary, m, versions);
    }

    KeyInfo info() {
        List<KeyVersionInfo> list = new ArrayList<>();
        for (Version v : versions.values()) {
            list.add(new KeyVersionInfo(v.number(), v.state(), v.created()));
        }
        return new KeyInfo(name, type, primary, minDecryption, list);
    }
}
