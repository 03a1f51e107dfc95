package org.citywall.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.Sm2PublicKey;

/**
 * Reads an exported bundle (format in {@link BundleWriter}) for the verifier. Metadata lines are
 * parsed up front (a line that cannot be read becomes a {@code MALFORMED} finding naming it);
 * record lines are then streamed.
 */
final class BundleSource implements TrailSource {

    private final String name;
    private final LineReader lines;
    private final List<Finding> problems = new ArrayList<>();
    private final List<SignedTreeHead> heads = new ArrayList<>();
    private final List<String> headLocations = new ArrayList<>();
    private final Map<String, Sm2PublicKey> keys = new HashMap<>();
    private final List<ConsistencyProof> proofs = new ArrayList<>();
    private final ByteArrayOutputStream leaves = new ByteArrayOutputStream();
    private byte[] leafBytes = new byte[0];
    private String logId;
    private long start = -1;
    private long declared = -1;
    private CompactRange frontier;
    private boolean frontierSeen;
    private long leavesNext = -1;
    private long lineNo;
    private boolean inRecords;

    BundleSource(InputStream in, String name) throws IOException {
        this.name = name;
        this.lines = LineReader.of(in, 4 << 20);
        readMetadata();
    }

    private void readMetadata() throws IOException {
        for (LineReader.Line l; (l = lines.next()) != null; ) {
            lineNo++;
            String where = "bundle line " + lineNo;
            if (!l.terminated() || l.tooLong()) {
                problem(where, l.terminated() ? "line too long" : "the bundle ends inside this line");
                continue;
            }
            Map<String, Object> m;
            try {
                m = RecordJson.readObject(l.bytes(), 0, l.bytes().length);
            } catch (IllegalArgumentException e) {
                problem(where, "not JSON: " + e.getMessage());
                continue;
            }
            if (lineNo == 1 && !"citywall-audit".equals(m.get("bundle"))) {
                problem(where, "this is not a CityWall audit bundle (the first line must be its header)");
                return;
            }
            try {
                if (m.size() != 1 && lineNo != 1) {
                    throw new IllegalArgumentException("expected one member");
                }
                if (lineNo == 1) {
                    header(m);
                } else if (m.get("records") != null) {
                    long n = SignedTreeHead.integer(m, "records");
                    if (declared >= 0 && declared != n) {
                        problem(where, "the records section says " + n + " records but the header " + declared);
                    }
                    inRecords = true;
                    break;
                } else {
                    section(m, where);
                }
            } catch (IllegalArgumentException | ClassCastException | CryptoException e) {
                // CryptoException: a key line whose public key is not a valid SM2 key
                problem(where, "unreadable " + m.keySet() + ": " + e.getMessage());
            }
        }
        if (!inRecords) {
            problem("bundle line " + lineNo, "the bundle has no records section (truncated?)");
        }
        leafBytes = leaves.toByteArray();
        if (start < 0) {
            start = frontier != null ? frontier.size() : 0;
        }
        if (!frontierSeen && start == 0) {
            frontier = new CompactRange();
        } else if (!frontierSeen) {
            problem("bundle", "the bundle has no frontier for the records before seq " + start);
        } else if (frontier != null && frontier.size() != start) {
            problem("bundle", "the frontier covers " + frontier.size() + " records but the records start at seq " + start);
            frontier = null;
        }
    }

    private void header(Map<String, Object> m) {
        if (!Long.valueOf(1).equals(((Number) m.getOrDefault("format", -1)).longValue())) {
            throw new IllegalArgumentException("unsupported bundle format " + m.get("format"));
        }
        logId = SignedTreeHead.string(m, "logId");
        start = SignedTreeHead.integer(m, "from");
        declared = SignedTreeHead.integer(m, "records");
    }

    @SuppressWarnings("unchecked")
    private void section(Map<String, Object> m, String where) {
        Object v = m.values().iterator().next();
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("expected an object");
        }
        Map<String, Object> o = (Map<String, Object>) v;
        String kind = m.keySet().iterator().next();
        switch (kind) {
            case "key" -> keys.put(LogState.keyRef(SignedTreeHead.string(o, "keyId"), (int) SignedTreeHead.integer(o, "keyVersion")),
                    Sm2PublicKey.fromDer(Base64.getDecoder().decode(SignedTreeHead.string(o, "publicKey"))));
            case "head" -> {
                heads.add(SignedTreeHead.fromMap(o));
                headLocations.add(where);
            }
            case "consistency" -> proofs.add(new ConsistencyProof(SignedTreeHead.integer(o, "oldSize"),
                    SignedTreeHead.integer(o, "newSize"), hashes((List<Object>) o.get("path"))));
            case "frontier" -> {
                frontierSeen = true;
                frontier = CompactRange.of(SignedTreeHead.integer(o, "size"), hashes((List<Object>) o.get("peaks")));
            }
            case "leaves" -> {
                long from = SignedTreeHead.integer(o, "from");
                byte[] h = Base64.getDecoder().decode(SignedTreeHead.string(o, "hashes"));
                if (h.length % TreeHashes.LENGTH != 0) {
                    throw new IllegalArgumentException("leaf hashes are not a whole number of 32-byte hashes");
                }
                if (leavesNext < 0) {
                    leavesNext = from;
                }
                if (from != leavesNext || leavesNext < 0) {
                    throw new IllegalArgumentException("leaves from " + from + " where " + leavesNext + " was expected");
                }
                leaves.writeBytes(h);
                leavesNext = from + h.length / TreeHashes.LENGTH;
            }
            default -> throw new IllegalArgumentException("unknown section '" + kind + "'");
        }
    }

    private static List<byte[]> hashes(List<Object> hex) {
        if (hex == null) {
            throw new IllegalArgumentException("missing hash list");
        }
        List<byte[]> out = new ArrayList<>(hex.size());
        for (Object o : hex) {
            out.add(TreeHashes.fromHex((String) o));
        }
        return out;
    }

    private void problem(String where, String message) {
        problems.add(new Finding(Finding.Kind.MALFORMED, -1, -1, where, message));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String logId() {
        return logId;
    }

    @Override
    public List<SignedTreeHead> heads() {
        return heads;
    }

    @Override
    public List<String> headLocations() {
        return headLocations;
    }

    @Override
    public Map<String, Sm2PublicKey> keys() {
        return keys;
    }

    @Override
    public long start() {
        return start;
    }

    @Override
    public CompactRange frontier() {
        return frontier == null ? null : frontier.copy();
    }

    private long leavesFrom() {
        return leavesNext < 0 ? start : leavesNext - leafBytes.length / TreeHashes.LENGTH;
    }

    @Override
    public long leafEnd() {
        // leaves count only if they begin where the records do
        return leavesFrom() == start ? start + leafBytes.length / TreeHashes.LENGTH : start;
    }

    @Override
    public void readLeaves(long from, int n, byte[] into) {
        System.arraycopy(leafBytes, (int) ((from - start) * TreeHashes.LENGTH), into, 0, n * TreeHashes.LENGTH);
    }

    @Override
    public List<ConsistencyProof> proofs() {
        return proofs;
    }

    @Override
    public long declaredRecords() {
        return declared;
    }

    @Override
    public boolean accountsForArchives() {
        return false;
    }

    @Override
    public List<Finding> problems() {
        return problems;
    }

    @Override
    public RecordLine nextRecord() throws IOException {
        if (!inRecords) {
            return null;
        }
        LineReader.Line l = lines.next();
        if (l == null) {
            return null;
        }
        lineNo++;
        return new RecordLine(l.bytes(), l.terminated(), "bundle", lineNo);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
