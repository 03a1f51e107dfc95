package org.citywall.detection.correlation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The correlation rules that states refer to, each by the SHA-256 of its serialised form, so a
 * checkpoint writes a rule once (in the dictionary) instead of once per group, and a restored state
 * gets back exactly the rule version it was counting under, even after the rule files changed.
 *
 * <p>Every {@link CorrelationState} registers its rule when it is made, so the dictionary holds the
 * rule of every state before any checkpoint can include the state. It only grows: one entry per rule
 * version the job has ever used. Thread-safe.
 */
public final class RuleDictionary {
    private static final RuleDictionary SHARED = new RuleDictionary();
    private static final int MAX_RULE_BYTES = 16 << 20;

    /** By identity: a compiled rule is serialised and hashed once. */
    private final Map<CorrelationRule, Entry> byRule = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<String, Entry> byFingerprint = new ConcurrentHashMap<>();

    private record Entry(byte[] fingerprint, byte[] bytes, CorrelationRule rule) {}

    /** The dictionary of this job (one per class loader, so one per job in a shared task manager). */
    public static RuleDictionary shared() {
        return SHARED;
    }

    /** Registers {@code rule} (once per rule object) and returns its fingerprint. */
    byte[] fingerprint(CorrelationRule rule) {
        Entry e = byRule.get(rule);
        if (e == null) {
            byte[] bytes = serialise(rule);
            byte[] fp = sha256(bytes);
            e = byFingerprint.computeIfAbsent(HexFormat.of().formatHex(fp), k -> new Entry(fp, bytes, rule));
            byRule.put(rule, e);
        }
        return e.fingerprint;
    }

    /** The rule with this fingerprint; an unknown one means the checkpoint lacks its dictionary. */
    CorrelationRule rule(byte[] fingerprint) throws IOException {
        Entry e = byFingerprint.get(HexFormat.of().formatHex(fingerprint));
        if (e == null) {
            throw new IOException("correlation state refers to rule version " + HexFormat.of().formatHex(fingerprint)
                    + ", which is not in the checkpoint's rule dictionary");
        }
        return e.rule;
    }

    /** Writes every rule version known (for a checkpoint's serializer snapshot). */
    public void writeTo(DataOutput out) throws IOException {
        List<Entry> all = new ArrayList<>(byFingerprint.values());
        out.writeInt(all.size());
        for (Entry e : all) {
            out.writeInt(e.bytes.length);
            out.write(e.bytes);
        }
    }

    /** Adds the rule versions a checkpoint wrote, so its states can be read back. */
    public void readFrom(DataInput in, ClassLoader loader) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt rule dictionary: " + n + " entries");
        }
        for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (len < 0 || len > MAX_RULE_BYTES) {
                throw new IOException("corrupt rule dictionary: a rule of " + len + " bytes");
            }
            byte[] bytes = new byte[len];
            in.readFully(bytes);
            byte[] fp = sha256(bytes);
            String key = HexFormat.of().formatHex(fp);
            if (!byFingerprint.containsKey(key)) {
                CorrelationRule rule = deserialise(bytes, loader);
                Entry e = byFingerprint.computeIfAbsent(key, k -> new Entry(fp, bytes, rule));
                byRule.put(e.rule, e);
            }
        }
    }

    private static byte[] serialise(CorrelationRule rule) {
        try {
            return StateFormat.javaBytes(rule);
        } catch (IOException e) {
            throw new IllegalStateException("a correlation rule cannot be serialised", e);
        }
    }

    private static CorrelationRule deserialise(byte[] b, ClassLoader loader) throws IOException {
        if (StateFormat.javaObject(b, loader) instanceof CorrelationRule rule) {
            return rule;
        }
        throw new IOException("the rule dictionary holds something other than a correlation rule");
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
