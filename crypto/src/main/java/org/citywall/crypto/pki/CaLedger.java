package org.citywall.crypto.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.crypto.CryptoException;

/**
 * What a CA has issued and revoked, and its CRL number: in memory, or kept in a JSON file
 * (rewritten atomically on every change). Serials are hexadecimal.
 */
public final class CaLedger {

    /** One revocation. {@code reason} is an RFC 5280 CRLReason code (0 unspecified, 1 keyCompromise, ...). */
    public record Revocation(BigInteger serial, Instant revokedAt, int reason) {
    }

    /**
     * One issued certificate; {@code requester} is who asked for it through the service (an
     * application id), or null for certificates the CA made itself or recorded before requesters were.
     */
    public record Issued(BigInteger serial, String subject, Instant notAfter, String requester) {
        public Issued(BigInteger serial, String subject, Instant notAfter) {
            this(serial, subject, notAfter, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<BigInteger, Issued> issued = new LinkedHashMap<>();
    private final Map<BigInteger, Revocation> revoked = new LinkedHashMap<>();
    private long crlNumber;

    private CaLedger(Path file) {
        this.file = file;
    }

    /** A ledger that lives only in memory. */
    public static CaLedger inMemory() {
        return new CaLedger(null);
    }

    /** The ledger in {@code file}, created empty if it does not exist. */
    public static CaLedger open(Path file) {
        CaLedger l = new CaLedger(file);
        if (Files.exists(file)) {
            try {
                JsonNode root = JSON.readTree(file.toFile());
                l.crlNumber = root.path("crlNumber").asLong();
                for (JsonNode i : root.path("issued")) {
                    BigInteger s = new BigInteger(i.path("serial").asText(), 16);
                    String requester = i.hasNonNull("requester") ? i.path("requester").asText() : null;
                    l.issued.put(s, new Issued(s, i.path("subject").asText(), Instant.parse(i.path("notAfter").asText()), requester));
                }
                for (JsonNode r : root.path("revoked")) {
                    BigInteger s = new BigInteger(r.path("serial").asText(), 16);
                    l.revoked.put(s, new Revocation(s, Instant.parse(r.path("revokedAt").asText()), r.path("reason").asInt()));
                }
            } catch (IOException | RuntimeException e) {
                throw new CryptoException(CryptoException.Reason.KEYRING_UNAVAILABLE, "CA ledger " + file + " is unreadable: " + e.getMessage());
            }
        }
        return l;
    }

    /** Records an issued certificate; memory changes only once the file (if any) holds it. */
    synchronized void recordIssued(Issued i) {
        Map<BigInteger, Issued> next = new LinkedHashMap<>(issued);
        next.put(i.serial(), i);
        save(next, revoked, crlNumber);
        issued.put(i.serial(), i);
    }

    /**
     * Records a revocation of a certificate this CA issued.
     *
     * @throws CryptoException {@code UNKNOWN_KEY} if no such serial was issued here
     */
    public synchronized Revocation revoke(BigInteger serial, int reason, Instant at) {
        if (!issued.containsKey(serial)) {
            throw new CryptoException(CryptoException.Reason.UNKNOWN_KEY, "no certificate with serial " + serial.toString(16) + " was issued by this CA");
        }
        if (reason < 0 || reason > 10 || reason == 7) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "CRL reason must be an RFC 5280 CRLReason code");
        }
        Revocation existing = revoked.get(serial);
        if (existing != null) {
            return existing;
        }
        Revocation r = new Revocation(serial, at, reason);
        Map<BigInteger, Revocation> next = new LinkedHashMap<>(revoked);
        next.put(serial, r);
        save(issued, next, crlNumber); // if this fails, the certificate is not revoked, in memory either
        revoked.put(serial, r);
        return r;
    }

    public synchronized List<Revocation> revocations() {
        return new ArrayList<>(revoked.values());
    }

    public synchronized List<Issued> issued() {
        return new ArrayList<>(issued.values());
    }

    /** The certificate issued with {@code serial}, if this CA issued one. */
    public synchronized java.util.Optional<Issued> find(BigInteger serial) {
        return java.util.Optional.ofNullable(issued.get(serial));
    }

    public synchronized boolean isRevoked(BigInteger serial) {
        return revoked.containsKey(serial);
    }

    synchronized long nextCrlNumber() {
        save(issued, revoked, crlNumber + 1);
        crlNumber++;
        return crlNumber;
    }

    /**
     * Writes the given state to the file: a temporary file in the same directory, flushed to disk,
     * renamed over the ledger, then the directory flushed so the rename survives a crash.
     */
    private void save(Map<BigInteger, Issued> issued, Map<BigInteger, Revocation> revoked, long crlNumber) {
        if (file == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("crlNumber", crlNumber);
        var is = root.putArray("issued");
        issued.values().forEach(i -> {
            ObjectNode o = is.addObject().put("serial", i.serial().toString(16)).put("subject", i.subject())
                    .put("notAfter", i.notAfter().toString());
            if (i.requester() != null) {
                o.put("requester", i.requester());
            }
        });
        var rs = root.putArray("revoked");
        revoked.values().forEach(r -> rs.addObject().put("serial", r.serial().toString(16))
                .put("revokedAt", r.revokedAt().toString()).put("reason", r.reason()));
        try {
            Path abs = file.toAbsolutePath();
            Path dir = abs.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".ledger", ".tmp");
            try {
                byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            org.citywall.crypto.Durable.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            throw new CryptoException(CryptoException.Reason.KEYRING_UNAVAILABLE, "CA ledger " + file + " cannot be written: " + e.getMessage());
        }
    }
}
