package org.citywall.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.crypto.Sm2PublicKey;

/**
 * Writes a self-contained bundle of records {@code [from, to)} of a log, where both ends are
 * sizes of signed tree heads. A bundle is UTF-8 text, one JSON object per line (LF):
 * <pre>
 * {"bundle":"citywall-audit","created":..,"format":1,"from":F,"logId":..,"query":{..},"records":N,"to":T}
 * {"key":{"keyId":..,"keyVersion":..,"publicKey":"&lt;base64 DER SubjectPublicKeyInfo&gt;"}}   one per key version used
 * {"head":{&lt;signed tree head&gt;}}                                    every head with F &lt;= size &lt;= T, ascending
 * {"consistency":{"newSize":..,"oldSize":..,"path":["&lt;hex&gt;",..]}}    between each two successive heads
 * {"frontier":{"peaks":["&lt;hex&gt;",..],"size":F}}                       tree peaks over records [0, F)
 * {"leaves":{"from":i,"hashes":"&lt;base64 of 32-byte leaf hashes&gt;"}}  up to 4096 per line, from F to T
 * {"records":N}                                                     then exactly N lines:
 * &lt;canonical record F&gt; ... &lt;canonical record T-1&gt;
 * </pre>
 * The heads and the trusted key authenticate everything else: the frontier must reproduce the
 * head at F, the records must reproduce every head, the leaf list lets a verifier name the exact
 * record altered.
 */
final class BundleWriter {

    static final int LEAVES_PER_LINE = 4096;

    private BundleWriter() {
    }

    static BundleSummary write(AuditLog log, long from, long to, List<SignedTreeHead> heads, Instant queryFrom, Instant queryTo,
                               OutputStream out) throws IOException {
        LogState state = log.state();
        Line line = new Line(out);
        CanonicalJson w = new CanonicalJson(512);
        w.raw('{').key("bundle").string("citywall-audit").raw(',').key("created").string(AuditRecord.TIME.format(
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        w.raw(',').key("format").number(1).raw(',').key("from").number(from).raw(',').key("logId").string(state.logId);
        Map<String, Object> query = new LinkedHashMap<>();
        if (queryFrom != null) {
            query.put("from", AuditRecord.TIME.format(queryFrom.truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        }
        if (queryTo != null) {
            query.put("to", AuditRecord.TIME.format(queryTo.truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        }
        w.raw(',').key("query").value(query, "query", 0);
        w.raw(',').key("records").number(to - from).raw(',').key("to").number(to).raw('}');
        line.write(w);

        Map<String, Sm2PublicKey> keys = new LinkedHashMap<>();
        for (SignedTreeHead h : heads) {
            String ref = LogState.keyRef(h.keyId(), h.keyVersion());
            if (!keys.containsKey(ref)) {
                keys.put(ref, log.publicKey(h.keyId(), h.keyVersion()).orElseThrow(() -> new IOException(
                        "the public key of " + h.keyId() + " v" + h.keyVersion() + " is not recorded in keys.jsonl")));
                w.reset();
                w.raw('{').key("key").raw('{').key("keyId").string(h.keyId()).raw(',').key("keyVersion").number(h.keyVersion())
                        .raw(',').key("publicKey").string(Base64.getEncoder().encodeToString(keys.get(ref).toDer())).raw('}').raw('}');
                line.write(w);
            }
        }
        for (SignedTreeHead h : heads) {
            line.write("{\"head\":" + h.toJson() + "}");
        }
        for (int k = 1; k < heads.size(); k++) {
            ConsistencyProof p = state.tree.consistencyProof(heads.get(k - 1).size(), heads.get(k).size());
            w.reset();
            w.raw('{').key("consistency").raw('{').key("newSize").number(p.newSize()).raw(',').key("oldSize").number(p.oldSize())
                    .raw(',').key("path").value(hexes(p.path()), "path", 0).raw('}').raw('}');
            line.write(w);
        }
        w.reset();
        w.raw('{').key("frontier").raw('{').key("peaks").value(hexes(state.tree.peaks(from)), "peaks", 0)
                .raw(',').key("size").number(from).raw('}').raw('}');
        line.write(w);
        byte[] buf = new byte[LEAVES_PER_LINE * TreeHashes.LENGTH];
        for (long pos = from; pos < to; pos += LEAVES_PER_LINE) {
            int n = (int) Math.min(LEAVES_PER_LINE, to - pos);
            state.leaves.read(pos, n, buf);
            line.write("{\"leaves\":{\"from\":" + pos + ",\"hashes\":\""
                    + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf, n * TreeHashes.LENGTH)) + "\"}}");
        }
        line.write("{\"records\":" + (to - from) + "}");
        long[] count = {0};
        log.reader().scan(state.view, from, to, (seq, bytes) -> {
            line.write(bytes);
            count[0]++;
            return true;
        });
        if (count[0] != to - from) {
            throw new IOException("only " + count[0] + " of records " + from + ".." + (to - 1) + " could be read");
        }
        out.flush();
        return new BundleSummary(null, from, to, heads.size(), line.bytes, null);
    }

    private static List<Object> hexes(List<byte[]> hashes) {
        List<Object> out = new ArrayList<>(hashes.size());
        hashes.forEach(h -> out.add(TreeHashes.hex(h)));
        return out;
    }

    /** Writes LF-terminated lines and counts bytes. */
    private static final class Line {
        private final OutputStream out;
        long bytes;

        Line(OutputStream out) {
            this.out = out;
        }

        void write(CanonicalJson w) throws IOException {
            out.write(w.buffer(), 0, w.length());
            out.write('\n');
            bytes += w.length() + 1;
        }

        void write(String s) throws IOException {
            write(s.getBytes(StandardCharsets.UTF_8));
        }

        void write(byte[] b) throws IOException {
            out.write(b);
            out.write('\n');
            bytes += b.length + 1;
        }
    }
}
