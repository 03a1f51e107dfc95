package org.citywall.detection.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Flink type information for the engine's serialisable values (rule sets, alert occurrences) that
 * are neither POJOs nor Kryo-friendly (immutable JDK collections, records). They are written with
 * Java serialisation, which they are designed for; the heap state backend only serialises them at
 * checkpoints.
 */
final class JavaSerializedType {
    private JavaSerializedType() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T extends Serializable> TypeInformation<T> of(Class<T> type) {
        return (TypeInformation<T>) new Info(type);
    }

    static final class Info extends TypeInformation<Serializable> {
        private final Class<? extends Serializable> type;

        Info(Class<? extends Serializable> type) {
            this.type = type;
        }

        @Override public boolean isBasicType() { return false; }
        @Override public boolean isTupleType() { return false; }
        @Override public int getArity() { return 1; }
        @Override public int getTotalFields() { return 1; }
        @SuppressWarnings("unchecked")
        @Override public Class<Serializable> getTypeClass() { return (Class<Serializable>) type; }
        @Override public boolean isKeyType() { return false; }
        @Override public TypeSerializer<Serializable> createSerializer(SerializerConfig config) { return Serializer.INSTANCE; }
        @Override public String toString() { return "JavaSerialized<" + type.getSimpleName() + ">"; }
        @Override public boolean equals(Object o) { return o instanceof Info i && i.type == type; }
        @Override public int hashCode() { return type.hashCode(); }
        @Override public boolean canEqual(Object o) { return o instanceof Info; }
    }

    static final class Serializer extends TypeSerializerSingleton<Serializable> {
        static final Serializer INSTANCE = new Serializer();
        private static final long serialVersionUID = 1L;

        @Override public boolean isImmutableType() { return false; }
        @Override public Serializable createInstance() { return null; }

        @Override
        public Serializable copy(Serializable from) {
            if (from == null) {
                return null;
            }
            try {
                return InstantiationUtil.clone(from, Thread.currentThread().getContextClassLoader());
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException("cannot copy " + from.getClass().getName(), e);
            }
        }

        @Override public Serializable copy(Serializable from, Serializable reuse) { return copy(from); }
        @Override public int getLength() { return -1; }

        @Override
        public void serialize(Serializable record, DataOutputView target) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(record);
            }
            target.writeInt(bytes.size());
            target.write(bytes.toByteArray());
        }

        @Override
        public Serializable deserialize(DataInputView source) throws IOException {
            byte[] b = new byte[source.readInt()];
            source.readFully(b);
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b)) {
                @Override
                protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                    return Class.forName(desc.getName(), false, Thread.currentThread().getContextClassLoader());
                }
            }) {
                return (Serializable) in.readObject();
            } catch (ClassNotFoundException e) {
                throw new IOException("state refers to an unknown class: " + e.getMessage(), e);
            }
        }

        @Override public Serializable deserialize(Serializable reuse, DataInputView source) throws IOException { return deserialize(source); }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            int len = source.readInt();
            target.writeInt(len);
            target.write(source, len);
        }

        @Override
        public TypeSerializerSnapshot<Serializable> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<Serializable> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
