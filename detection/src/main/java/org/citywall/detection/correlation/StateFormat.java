package org.citywall.detection.correlation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of {@link CorrelationState} for checkpoints and savepoints.
 *
 * <p>A busy job holds hundreds of thousands of small states (one per rule and group, most with a
 * handful of observations). Java serialisation wrote each with its own class descriptors, object
 * graph and a full copy of its rule, and at every checkpoint that cost a tenth of the job's CPU.
 * This form writes the fields themselves, and the rule as its fingerprint in a {@link RuleDictionary}
 * that the checkpoint stores once.
 *
 * <p>Event values (strings, integers, doubles, booleans, lists and maps of them) are tagged; any other
 * value falls back to Java serialisation, so nothing a correlation kept is ever lost. Thread-safe:
 * a checkpoint writes from its own thread while the task thread reads and writes.
 */
public final class StateFormat {
    /** The first byte of every state; a reader refuses versions it does not know. */
    static final int VERSION = 1;
    /** A length beyond this is a corrupt stream, not a state (the largest field is a 64 KiB log line). */
    private static final int MAX_LENGTH = 64 << 20;

    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int LONG = 2;
    private static final int INT = 3;
    private static final int DOUBLE = 4;
    private static final int TRUE = 5;
    private static final int FALSE = 6;
    private static final int LIST = 7;
    private static final int MAP = 8;
    private static final int JAVA = 9;

    private final RuleDictionary rules;

    /** Rules by the job's {@link RuleDictionary#shared() dictionary}. */
    public StateFormat() {
        this(RuleDictionary.shared());
    }

    public StateFormat(RuleDictionary rules) {
        this.rules = rules;
    }

    public void write(CorrelationState state, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        state.writeTo(out, this);
    }

    public CorrelationState read(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("correlation state of format version " + version + ", this release reads " + VERSION);
        }
        return CorrelationState.readFrom(in, this);
    }

    void writeRule(CorrelationRule rule, DataOutput out) throws IOException {
        out.write(rules.fingerprint(rule));
    }

    CorrelationRule readRule(DataInput in) throws IOException {
        byte[] fingerprint = new byte[32];
        in.readFully(fingerprint);
        return rules.rule(fingerprint);
    }

    /**
     * An event's flat fields in this form, for a match on its way to its correlation: values keep
     * their types (a JSON round trip turned longs into ints and cost a seventh of the
     * correlation stage's CPU).
     */
    public static byte[] fieldsToBytes(Map<String, ?> fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 32 * fields.size());
            writeMap(new DataOutputStream(bytes), fields);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("event fields cannot be written: " + e.getMessage(), e);
        }
    }

    /** The fields {@link #fieldsToBytes} wrote, in their order. */
    public static Map<String, Object> fieldsFromBytes(byte[] b) {
        try {
            return readMap(new DataInputStream(new ByteArrayInputStream(b)));
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt event fields: " + e.getMessage(), e);
        }
    }

    static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        byte[] b = new byte[check(n)];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void writeStrings(DataOutput out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            writeString(out, s);
        }
    }

    static List<String> readStrings(DataInput in) throws IOException {
        int n = length(in);
        List<String> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            list.add(readString(in));
        }
        return list;
    }

    static void writeValue(DataOutput out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object o : list) {
                writeValue(out, o);
            }
        } else if (v instanceof Map<?, ?> map && map.keySet().stream().allMatch(k -> k instanceof String)) {
            out.writeByte(MAP);
            writeMap(out, map);
        } else if (v instanceof Serializable) {
            out.writeByte(JAVA);
            byte[] b = javaBytes(v);
            out.writeInt(b.length);
            out.write(b);
        } else {
            throw new IOException("a correlation kept a value that cannot be written: " + v.getClass().getName());
        }
    }

    static Object readValue(DataInput in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> readString(in);
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case DOUBLE -> in.readDouble();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case LIST -> {
                int n = length(in);
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(readValue(in));
                }
                yield list;
            }
            case MAP -> readMap(in);
            case JAVA -> {
                byte[] b = new byte[length(in)];
                in.readFully(b);
                yield javaObject(b);
            }
            default -> throw new IOException("unknown value tag " + tag + " in correlation state");
        };
    }

    static void writeMap(DataOutput out, Map<?, ?> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            writeString(out, (String) e.getKey());
            writeValue(out, e.getValue());
        }
    }

    static Map<String, Object> readMap(DataInput in) throws IOException {
        int n = length(in);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readValue(in));
        }
        return map;
    }

    static int length(DataInput in) throws IOException {
        return check(in.readInt());
    }

    private static int check(int n) throws IOException {
        if (n < 0 || n > MAX_LENGTH) {
            throw new IOException("corrupt correlation state: length " + n);
        }
        return n;
    }

    static byte[] javaBytes(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object javaObject(byte[] b) throws IOException {
        // the job's classes live in the user-code class loader, not the one that loaded the JDK
        return javaObject(b, StateFormat.class.getClassLoader());
    }

    static Object javaObject(byte[] b, ClassLoader loader) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, loader);
            }
        }) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("correlation state refers to an unknown class: " + e.getMessage(), e);
        } catch (RuntimeException e) { // a damaged stream can fail any check Java serialisation makes
            throw new IOException("corrupt correlation state: " + e, e);
        }
    }
}
