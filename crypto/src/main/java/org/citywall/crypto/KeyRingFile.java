package org.citywall.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.util.Arrays;

/**
 * The key ring at rest: {@code "CWKR" 0x01 | master key check value (8) | nonce (12) |
 * SM4-GCM(JSON) ‖ tag}, with the first 13 bytes as associated data. The check value lets a
 * wrong master key be reported as such instead of as a damaged file.
 */
final class KeyRingFile {

    private static final byte[] MAGIC = {'C', 'W', 'K', 'R', 0x01};
    private static final int HEADER = MAGIC.length + 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final MasterKey master;

    KeyRingFile(Path path, MasterKey master) {
        if (master == null) {
            throw new CryptoException(CryptoException.Reason.KEYRING_UNAVAILABLE, "no master key given for key ring " + path);
        }
        this.path = path;
        this.master = master;
    }

    Path path() {
        return path;
    }

    void createEmpty() {
        if (Files.exists(path)) {
            throw unavailable("key ring " + path + " already exists; open it instead");
        }
        write(List.of());
    }

    List<ManagedKey> read() {
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw unavailable("key ring file " + path + " does not exist");
        } catch (IOException e) {
            throw unavailable("key ring file " + path + " cannot be read: " + e.getMessage());
        }
        if (data.length < HEADER + Sm4Gcm.NONCE_LENGTH + Sm4Gcm.TAG_LENGTH
                || !Arrays.areEqual(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
            throw unavailable("key ring file " + path + " is not a CityWall key ring");
        }
        byte[] header = Arrays.copyOf(data, HEADER);
        if (!Arrays.constantTimeAreEqual(Arrays.copyOfRange(header, MAGIC.length, HEADER), master.checkValue())) {
            throw unavailable("wrong master key for key ring " + path + " (it was written with a different master key)");
        }
        byte[] json;
        try {
            json = Sm4Gcm.decrypt(master.bytes(), Arrays.copyOfRange(data, HEADER, data.length), header);
        } catch (CryptoException e) {
            throw unavailable("key ring file " + path + " is damaged or was altered (authentication failed)");
        }
        try {
            return fromJson(JSON.readTree(json));
        } catch (IOException | RuntimeException e) {
            throw unavailable("key ring file " + path + " has unreadable content: " + e.getMessage());
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    void write(List<ManagedKey> keys) {
        byte[] json = toJson(keys);
        byte[] header = Arrays.concatenate(MAGIC, master.checkValue());
        byte[] out = Arrays.concatenate(header, Sm4Gcm.encrypt(master.bytes(), json, header));
        Arrays.fill(json, (byte) 0);
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".keyring", ".tmp");
            try {
                trySetOwnerOnly(tmp);
                Files.write(tmp, out, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
                try {
                    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            Durable.syncDirectory(dir); // the rename itself survives a crash
        } catch (FileAlreadyExistsException e) {
            throw unavailable("key ring " + path + " cannot be written: " + e.getMessage());
        } catch (IOException e) {
            throw unavailable("key ring " + path + " cannot be written: " + e.getMessage());
        }
    }

    private static void trySetOwnerOnly(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // non-POSIX file systems: permissions are the platform's business
        }
    }

    private static byte[] toJson(List<ManagedKey> keys) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        ArrayNode arr = root.putArray("keys");
        for (ManagedKey k : keys) {
            ObjectNode o = arr.addObject();
            o.put("name", k.name());
            o.put("type", k.type().name());
            o.put("primary", k.primary());
            o.put("minDecryptionVersion", k.minDecryption());
            ArrayNode vs = o.putArray("versions");
            for (ManagedKey.Version v : k.versions().values()) {
                ObjectNode vo = vs.addObject();
                vo.put("version", v.number());
                vo.put("state", v.state().name());
                vo.put("created", v.created().toString());
                if (v.sm2() != null) {
                    vo.put("pkcs8", Base64.getEncoder().encodeToString(v.sm2().toDer()));
                }
                if (v.sm2Public() != null) {
                    vo.put("spki", Base64.getEncoder().encodeToString(v.sm2Public().toDer()));
                }
                if (v.secret() != null) {
                    vo.put("secret", Base64.getEncoder().encodeToString(v.secret()));
                }
            }
        }
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ManagedKey> fromJson(JsonNode root) {
        if (root.path("format").asInt() != 1) {
            throw new IllegalArgumentException("unsupported key ring format " + root.path("format"));
        }
        List<ManagedKey> out = new ArrayList<>();
        for (JsonNode o : root.path("keys")) {
            Map<Integer, ManagedKey.Version> versions = new TreeMap<>();
            for (JsonNode vo : o.path("versions")) {
                int n = vo.path("version").asInt();
                Sm2PrivateKey priv = vo.hasNonNull("pkcs8") ? Sm2PrivateKey.fromDer(b64(vo, "pkcs8")) : null;
                Sm2PublicKey pub = vo.hasNonNull("spki") ? Sm2PublicKey.fromDer(b64(vo, "spki")) : null;
                byte[] secret = vo.hasNonNull("secret") ? b64(vo, "secret") : null;
                versions.put(n, new ManagedKey.Version(n, VersionState.valueOf(vo.path("state").asText()),
                        Instant.parse(vo.path("created").asText()), priv, pub, secret));
            }
            out.add(new ManagedKey(o.path("name").asText(), KeyType.valueOf(o.path("type").asText()),
                    o.path("primary").asInt(), o.path("minDecryptionVersion").asInt(), versions));
        }
        return out;
    }

    private static byte[] b64(JsonNode node, String field) {
        return Base64.getDecoder().decode(node.path(field).asText());
    }

    private static CryptoException unavailable(String message) {
        return new CryptoException(CryptoException.Reason.KEYRING_UNAVAILABLE, message);
    }
}
