package org.citywall.detection.job;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.citywall.detection.correlation.CorrelationState;
import org.citywall.detection.correlation.RuleDictionary;
import org.citywall.detection.correlation.StateFormat;

/**
 * Flink type information for correlation state in keyed state: checkpoints write its compact
 * {@link StateFormat} and the rules once, in the serializer snapshot; the heap backend's
 * copy-on-write during a checkpoint uses {@link CorrelationState#copy()}.
 */
final class CorrelationStateType extends TypeInformation<CorrelationState> {
    private static final long serialVersionUID = 1L;

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<CorrelationState> getTypeClass() { return CorrelationState.class; }
    @Override public boolean isKeyType() { return false; }
    @Override public TypeSerializer<CorrelationState> createSerializer(SerializerConfig config) { return Serializer.INSTANCE; }
    @Override public String toString() { return "CorrelationState"; }
    @Override public boolean equals(Object o) { return o instanceof CorrelationStateType; }
    @Override public int hashCode() { return CorrelationStateType.class.hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof CorrelationStateType; }

    static final class Serializer extends TypeSerializerSingleton<CorrelationState> {
        static final Serializer INSTANCE = new Serializer();
        private static final long serialVersionUID = 1L;
        /** Shared by the task thread and the checkpoint threads; thread-safe. */
        private static final StateFormat FORMAT = new StateFormat();

        @Override public boolean isImmutableType() { return false; }
        @Override public CorrelationState createInstance() { return null; }
        @Override public CorrelationState copy(CorrelationState from) { return from == null ? null : from.copy(); }
        @Override public CorrelationState copy(CorrelationState from, CorrelationState reuse) { return copy(from); }
        @Override public int getLength() { return -1; }

        @Override
        public void serialize(CorrelationState state, DataOutputView target) throws IOException {
            FORMAT.write(state, target);
        }

        @Override
        public CorrelationState deserialize(DataInputView source) throws IOException {
            return FORMAT.read(source);
        }

        @Override
        public CorrelationState deserialize(CorrelationState reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            serialize(deserialize(source), target); // not length-prefixed: read the state to know where it ends
        }

        @Override
        public TypeSerializerSnapshot<CorrelationState> snapshotConfiguration() {
            return new Snapshot();
        }

        /**
         * Carries the checkpoint's {@link RuleDictionary}: every rule version its states refer to, once.
         * Written after the states' rules were registered (each state registers its rule when made), and
         * read back before any state is.
         */
        public static final class Snapshot implements TypeSerializerSnapshot<CorrelationState> {
            private static final int VERSION = 1;

            @Override public int getCurrentVersion() { return VERSION; }

            @Override
            public void writeSnapshot(DataOutputView out) throws IOException {
                RuleDictionary.shared().writeTo(out);
            }

            @Override
            public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
                if (version != VERSION) {
                    throw new IOException("correlation state snapshot of version " + version + ", this release reads " + VERSION);
                }
                RuleDictionary.shared().readFrom(in, loader);
            }

            @Override public TypeSerializer<CorrelationState> restoreSerializer() { return INSTANCE; }

            @Override
            public TypeSerializerSchemaCompatibility<CorrelationState> resolveSchemaCompatibility(
                    TypeSerializerSnapshot<CorrelationState> old) {
                if (old instanceof Snapshot) {
                    return TypeSerializerSchemaCompatibility.compatibleAsIs();
                }
                // checkpoints of releases that Java-serialised each state: read with that serializer, written with this one
                return ((Object) old) instanceof JavaSerializedType.Serializer.Snapshot
                        ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                        : TypeSerializerSchemaCompatibility.incompatible();
            }
        }
    }
}
