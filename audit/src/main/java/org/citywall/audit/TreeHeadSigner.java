package org.citywall.audit;

import java.util.Optional;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.Sm2PublicKey;

/**
 * Signs tree heads with a named, versioned SM2 key. New heads use the current version; after a
 * rotation old heads still verify with their version's public key, which the head names.
 * {@link #of(KeyRing, String)} is the implementation over the crypto module's key ring.
 */
public interface TreeHeadSigner {

    /** The key's name, written into every head it signs. */
    String keyId();

    /** The version new heads are signed with. */
    int currentVersion();

    /** The DER SM2 signature (SM3, default user id) of {@code message} with the given version. */
    byte[] sign(int version, byte[] message);

    /** The public key of a version, or empty if this signer does not know it. */
    Optional<Sm2PublicKey> publicKey(int version);

    /**
     * Signs with SM2 signing key {@code keyName} of {@code ring}; rotating that key in the ring
     * moves new heads to the new version.
     */
    static TreeHeadSigner of(KeyRing ring, String keyName) {
        ring.info(keyName); // fail now, not at the first head, if the key is missing
        return new TreeHeadSigner() {
            @Override
            public String keyId() {
                return keyName;
            }

            @Override
            public int currentVersion() {
                return ring.currentVersion(keyName);
            }

            @Override
            public byte[] sign(int version, byte[] message) {
                return ring.sign(keyName, version, message).payload();
            }

            @Override
            public Optional<Sm2PublicKey> publicKey(int version) {
                try {
                    return Optional.of(ring.publicKey(keyName, version));
                } catch (CryptoException e) {
                    return Optional.empty();
                }
            }

            @Override
            public String toString() {
                return "TreeHeadSigner[" + keyName + "]";
            }
        };
    }
}
