package org.citywall.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named keys with versions — the Tink keyset / Vault transit model for SM2, SM4 and HMAC-SM3.
 *
 * <p>Each key has one type ({@link KeyType}), versions 1, 2, ... and one <em>primary</em>
 * version used for new signatures, ciphertexts and tags. {@link #rotate} adds a version and
 * makes it primary; old versions keep verifying and decrypting until they are disabled,
 * destroyed, or fall below the key's minimum decryption version. Every output is an
 * {@link Envelope} naming key and version, so rotation never breaks old data.
 *
 * <p>A ring is either {@linkplain #inMemory() in memory} or backed by a file encrypted with
 * SM4-GCM under a {@link MasterKey} ({@link #open}, {@link #create}, {@link #openOrCreate});
 * a file-backed ring writes the file atomically after every change.
 *
 * <p>Thread-safe. Reads (sign, verify, encrypt, decrypt) are lock-free; changes are serialised.
 * Errors are {@link CryptoException}s with reason {@code UNKNOWN_KEY}, {@code WRONG_KEY_TYPE},
 * {@code DISABLED_VERSION}, {@code DECRYPTION_FAILED}, {@code INVALID_REQUEST} or
 * {@code KEYRING_UNAVAILABLE}.
 */
public final class KeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    private final Map<String, ManagedKey> keys = new ConcurrentHashMap<>();
    private final KeyRingFile file; // null for in-memory rings

    private KeyRing(KeyRingFile file, List<ManagedKey> initial) {
        this.file = file;
        for (ManagedKey k : initial) {
            keys.put(k.name(), k);
        }
    }

    /** An empty ring that lives only in memory. */
    public static KeyRing inMemory() {
        return new KeyRing(null, List.of());
    }

    /**
     * Opens an existing key ring file.
     *
     * @throws CryptoException {@code KEYRING_UNAVAILABLE} if the file is missing, the master key
     *     is wrong, or the file was altered — with a message saying which
     */
    public static KeyRing open(Path path, MasterKey masterKey) {
        KeyRingFile f = new KeyRingFile(path, masterKey);
        KeyRing ring = new KeyRing(f, f.read());
        LOG.info("keyring opened path={} keys={}", path, ring.keys.size());
        return ring;
    }

    /** Creates a new, empty key ring file; refuses to overwrite an existing one. */
    public static KeyRing create(Path path, MasterKey masterKey) {
        KeyRingFile f = new KeyRingFile(path, masterKey);
        f.createEmpty();
        LOG.info("keyring created path={}", path);
        return new KeyRing(f, List.of());
    }

    /** Opens {@code path} if it exists, otherwise creates it empty. A wrong master key is still an error. */
    public static KeyRing openOrCreate(Path path, MasterKey masterKey) {
        return path.toFile().exists() ? open(path, masterKey) : create(path, masterKey);
    }

    // ---------------------------------------------------------------- management

    /** Creates key {@code name} with version 1 as primary. Names match {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}. */
    public synchronized KeyInfo create(String name, KeyType type) {
        if (!Envelope.isValidName(name)) {
            throw invalid("key name must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        }
        if (keys.containsKey(name)) {
            throw invalid("key " + name + " already exists");
        }
        ManagedKey k = ManagedKey.create(name, type);
        commit(k);
        LOG.info("key created key={} type={}", name, type);
        return k.info();
    }

    /** Adds a new version to {@code name}, makes it primary and returns its number. */
    public synchronized int rotate(String name) {
        ManagedKey k = key(name).rotated();
        commit(k);
        LOG.info("key rotated key={} primary={}", name, k.primary());
        return k.primary();
    }

    /** Makes an existing enabled version the primary. */
    public synchronized void setPrimary(String name, int version) {
        ManagedKey k = key(name);
        ManagedKey.Version v = version(k, version);
        if (v.state() != VersionState.ENABLED) {
            throw disabled(name, version);
        }
        commit(k.withPrimary(version));
    }

    /** Disables a version (not the primary): it is refused for every operation until re-enabled. */
    public synchronized void disable(String name, int version) {
        changeState(name, version, VersionState.DISABLED);
    }

    /** Re-enables a disabled version. A destroyed version cannot come back. */
    public synchronized void enable(String name, int version) {
        changeState(name, version, VersionState.ENABLED);
    }

    /**
     * Erases a version's secret material for good (not the primary). An SM2 version keeps its
     * public key, so {@link #publicKey} still returns it for verifying old signatures offline.
     */
    public synchronized void destroy(String name, int version) {
        changeState(name, version, VersionState.DESTROYED);
    }

    /** Versions below {@code min} are refused for decrypt, verify and rewrap. Must be between 1 and the primary. */
    public synchronized void setMinDecryptionVersion(String name, int min) {
        ManagedKey k = key(name);
        if (min < 1 || min > k.primary()) {
            throw invalid("minimum decryption version must be between 1 and the primary version " + k.primary());
        }
        commit(k.withMinDecryption(min));
        LOG.info("key min decryption version set key={} min={}", name, min);
    }

    private void changeState(String name, int version, VersionState to) {
        ManagedKey k = key(name);
        ManagedKey.Version v = version(k, version);
        if (version == k.primary() && to != VersionState.ENABLED) {
            throw invalid("version " + version + " is the primary of " + name + "; rotate first");
        }
        if (v.state() == VersionState.DESTROYED && to != VersionState.DESTROYED) {
            throw disabled(name, version);
        }
        commit(k.withVersion(v.withState(to)));
        if (to == VersionState.DESTROYED && v.secret() != null) {
            Arrays.fill(v.secret(), (byte) 0); // only now: a failed write must leave the version usable
        }
        LOG.info("key version state changed key={} version={} state={}", name, version, to);
    }

    /** Facts about every key, sorted by name. */
    public List<KeyInfo> list() {
        List<KeyInfo> out = new ArrayList<>();
        keys.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(k -> out.add(k.info()));
        return out;
    }

    /** Facts about one key. */
    public KeyInfo info(String name) {
        return key(name).info();
    }

    /** Facts about one key, or empty if there is none of that name. */
    public Optional<KeyInfo> find(String name) {
        ManagedKey k = name == null ? null : keys.get(name);
        return Optional.ofNullable(k).map(ManagedKey::info);
    }

    /** The primary (current) version of {@code name}: the one new signatures and ciphertexts use. */
    public int currentVersion(String name) {
        return key(name).primary();
    }

    // ---------------------------------------------------------------- SM2 signatures

    /** Signs {@code message} with the primary version of SM2 signing key {@code name}; the payload is the DER signature. */
    public Envelope sign(String name, byte[] message) {
        ManagedKey k = typed(name, KeyType.SM2_SIGNING);
        return sign(k, k.primary(), message);
    }

    /** Signs with a given enabled version of SM2 signing key {@code name}. */
    public Envelope sign(String name, int version, byte[] message) {
        return sign(typed(name, KeyType.SM2_SIGNING), version, message);
    }

    /**
     * Signs with the given enabled version (null: the primary) of SM2 signing key {@code name},
     * with {@code userId} as the signer's identity in the Z value (null: the default
     * {@value Sm2#DEFAULT_USER_ID}). The envelope does not record the id: a verifier states the
     * id it expects (see {@link #verify(Envelope, byte[], byte[])}).
     *
     * @throws CryptoException {@code INVALID_REQUEST} if {@code userId} is longer than 8191 bytes
     */
    public Envelope sign(String name, Integer version, byte[] message, byte[] userId) {
        ManagedKey k = typed(name, KeyType.SM2_SIGNING);
        int n = version == null ? k.primary() : version;
        ManagedKey.Version v = usable(k, n, false);
        byte[] id = userId == null ? Sm2.DEFAULT_USER_ID_BYTES : userId;
        return new Envelope(k.name(), n, v.sm2().sign(message, id, SignatureFormat.DER));
    }

    private Envelope sign(ManagedKey k, int version, byte[] message) {
        ManagedKey.Version v = usable(k, version, false);
        return new Envelope(k.name(), version, v.sm2().sign(message));
    }

    /**
     * Whether {@code signature} (as {@link #sign} returns it) is valid for {@code message}.
     * Invalid signatures are {@code false}; an unknown key, a non-signing key, or a disabled,
     * destroyed or below-minimum version is an exception.
     */
    public boolean verify(Envelope signature, byte[] message) {
        return verify(signature, message, null);
    }

    /**
     * Like {@link #verify(Envelope, byte[])} for a signature made with signer identity
     * {@code userId} (null: the default). The id is the relying party's expectation, never taken
     * from the signature: a signature made for another id is simply invalid.
     */
    public boolean verify(Envelope signature, byte[] message, byte[] userId) {
        ManagedKey k = typed(signature.key(), KeyType.SM2_SIGNING);
        ManagedKey.Version v = version(k, signature.version());
        if (v.state() != VersionState.ENABLED || signature.version() < k.minDecryption()) {
            throw disabled(k.name(), signature.version());
        }
        byte[] id = userId == null ? Sm2.DEFAULT_USER_ID_BYTES : userId;
        return v.sm2Public().verify(message, signature.payload(), id, SignatureFormat.DER);
    }

    /**
     * The public key of an SM2 key version (signing or encryption), whatever the version's
     * state: public keys are not secret and verifiers need old ones.
     */
    public Sm2PublicKey publicKey(String name, int version) {
        ManagedKey k = key(name);
        if (k.type() != KeyType.SM2_SIGNING && k.type() != KeyType.SM2_ENCRYPTION) {
            throw wrongType(k, "has no public key");
        }
        return version(k, version).sm2Public();
    }

    /** Every version's public key of an SM2 key, by version number. */
    public Map<Integer, Sm2PublicKey> publicKeys(String name) {
        ManagedKey k = key(name);
        if (k.type() != KeyType.SM2_SIGNING && k.type() != KeyType.SM2_ENCRYPTION) {
            throw wrongType(k, "has no public key");
        }
        Map<Integer, Sm2PublicKey> out = new java.util.TreeMap<>();
        k.versions().forEach((n, v) -> out.put(n, v.sm2Public()));
        return out;
    }

    // ---------------------------------------------------------------- encryption

    /**
     * Encrypts with the primary version of an SM4-GCM or SM2 encryption key. For SM4-GCM the
     * envelope header ({@code citywall:<key>:v<n>:}) and {@code associatedData} are bound as
     * associated data, so relabelling the envelope or changing the context fails decryption.
     * SM2 encryption does not support associated data (it must be empty or null).
     */
    public Envelope encrypt(String name, byte[] plaintext, byte[] associatedData) {
        ManagedKey k = key(name);
        return encrypt(k, k.primary(), plaintext, associatedData);
    }

    private Envelope encrypt(ManagedKey k, int version, byte[] plaintext, byte[] aad) {
        ManagedKey.Version v = usable(k, version, false);
        switch (k.type()) {
            case SM4_GCM -> {
                Envelope label = new Envelope(k.name(), version, new byte[0]);
                return new Envelope(k.name(), version, Sm4Gcm.encrypt(v.secret(), plaintext, boundAad(label, aad)));
            }
            case SM2_ENCRYPTION -> {
                if (aad != null && aad.length > 0) {
                    throw invalid("SM2 encryption has no associated data; use an SM4_GCM key for context binding");
                }
                return new Envelope(k.name(), version, v.sm2Public().encrypt(plaintext));
            }
            default -> throw wrongType(k, "cannot encrypt");
        }
    }

    /**
     * Decrypts an envelope from {@link #encrypt}. Every failure of the ciphertext itself —
     * tag, AAD, length, point, wrong version's key — is the single {@code DECRYPTION_FAILED}.
     */
    public byte[] decrypt(Envelope ciphertext, byte[] associatedData) {
        ManagedKey k = key(ciphertext.key());
        ManagedKey.Version v = usable(k, ciphertext.version(), true);
        return switch (k.type()) {
            case SM4_GCM -> Sm4Gcm.decrypt(v.secret(), ciphertext.payload(), boundAad(ciphertext, associatedData));
            case SM2_ENCRYPTION -> {
                if (associatedData != null && associatedData.length > 0) {
                    throw CryptoException.decryptionFailed();
                }
                yield v.sm2().decrypt(ciphertext.payload());
            }
            default -> throw wrongType(k, "cannot decrypt");
        };
    }

    /** Decrypts with whatever version the envelope names and re-encrypts under the primary, without returning plaintext. */
    public Envelope rewrap(Envelope ciphertext, byte[] associatedData) {
        byte[] plaintext = decrypt(ciphertext, associatedData);
        try {
            ManagedKey k = key(ciphertext.key());
            return encrypt(k, k.primary(), plaintext, associatedData);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    static byte[] boundAad(Envelope label, byte[] aad) {
        byte[] header = label.textHeader().getBytes(StandardCharsets.US_ASCII);
        return aad == null ? header : Arrays.concatenate(header, aad);
    }

    /** The raw SM4 key of an SM4-GCM version, for envelope encryption inside this module. */
    byte[] sm4Key(String name, int version, boolean forDecryption) {
        ManagedKey k = typed(name, KeyType.SM4_GCM);
        return usable(k, version, forDecryption).secret().clone();
    }

    // ---------------------------------------------------------------- HMAC

    /** HMAC-SM3 of {@code data} with the primary version of HMAC key {@code name}. */
    public Envelope mac(String name, byte[] data) {
        ManagedKey k = typed(name, KeyType.HMAC_SM3);
        return new Envelope(name, k.primary(), HmacSm3.mac(usable(k, k.primary(), false).secret(), data));
    }

    /** Whether {@code tag} is the HMAC-SM3 of {@code data} under the version it names (constant-time). */
    public boolean verifyMac(Envelope tag, byte[] data) {
        ManagedKey k = typed(tag.key(), KeyType.HMAC_SM3);
        return HmacSm3.verify(usable(k, tag.version(), true).secret(), data, tag.payload());
    }

    // ---------------------------------------------------------------- internals

    private ManagedKey key(String name) {
        ManagedKey k = name == null ? null : keys.get(name);
        if (k == null) {
            throw new CryptoException(CryptoException.Reason.UNKNOWN_KEY, "no key named " + name);
        }
        return k;
    }

    private ManagedKey typed(String name, KeyType type) {
        ManagedKey k = key(name);
        if (k.type() != type) {
            throw wrongType(k, "is not a " + type + " key");
        }
        return k;
    }

    private static ManagedKey.Version version(ManagedKey k, int version) {
        ManagedKey.Version v = k.versions().get(version);
        if (v == null) {
            throw new CryptoException(CryptoException.Reason.UNKNOWN_KEY, "key " + k.name() + " has no version " + version);
        }
        return v;
    }

    /** The version if it may be used; decryption-side use also honours the minimum decryption version. */
    private static ManagedKey.Version usable(ManagedKey k, int version, boolean decryptionSide) {
        ManagedKey.Version v = version(k, version);
        if (v.state() != VersionState.ENABLED || (decryptionSide && version < k.minDecryption())) {
            throw disabled(k.name(), version);
        }
        return v;
    }

    private void commit(ManagedKey changed) {
        if (file != null) {
            List<ManagedKey> all = new ArrayList<>(keys.values());
            all.removeIf(k -> k.name().equals(changed.name()));
            all.add(changed);
            file.write(all); // persist first: a failed write changes nothing in memory
        }
        keys.put(changed.name(), changed);
    }

    private static CryptoException disabled(String name, int version) {
        return new CryptoException(CryptoException.Reason.DISABLED_VERSION,
                "version " + version + " of key " + name + " is disabled, destroyed or below the minimum decryption version");
    }

    private static CryptoException wrongType(ManagedKey k, String what) {
        return new CryptoException(CryptoException.Reason.WRONG_KEY_TYPE, "key " + k.name() + " (" + k.type() + ") " + what);
    }

    private static CryptoException invalid(String message) {
        return new CryptoException(CryptoException.Reason.INVALID_REQUEST, message);
    }

    @Override
    public String toString() {
        return "KeyRing[keys=" + keys.size() + (file == null ? ", in memory" : ", file=" + file.path()) + "]";
    }
}
