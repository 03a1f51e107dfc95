package org.citywall.detection.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.citywall.detection.correlation.CorrelationCondition;
import org.citywall.detection.correlation.CorrelationRule;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.detection.correlation.CorrelationState;
import org.citywall.detection.correlation.CorrelationType;
import org.citywall.detection.correlation.GroupKey;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** Correlation state in Flink: its serializer, its snapshot, and checkpoints of earlier releases. */
class CorrelationStateTypeTest {
    private final CorrelationStateType.Serializer.Snapshot current = new CorrelationStateType.Serializer.Snapshot();

    @Test
    void checkpointsOfThisFormatRestoreAsTheyAre() {
        assertThat(current.resolveSchemaCompatibility(new CorrelationStateType.Serializer.Snapshot()).isCompatibleAsIs()).isTrue();
    }

    @Test
    void checkpointsThatJavaSerialisedEachStateAreReadWithThatSerializerAndMigrated() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        var javaSerialised = (org.apache.flink.api.common.typeutils.TypeSerializerSnapshot) new JavaSerializedType.Serializer.Snapshot();
        @SuppressWarnings("unchecked")
        var compatibility = current.resolveSchemaCompatibility(javaSerialised);
        assertThat(compatibility.isCompatibleAfterMigration()).isTrue();
        @SuppressWarnings({"unchecked", "rawtypes"})
        var strings = (org.apache.flink.api.common.typeutils.TypeSerializerSnapshot) StringSerializer.INSTANCE.snapshotConfiguration();
        @SuppressWarnings("unchecked")
        var other = current.resolveSchemaCompatibility(strings);
        assertThat(other.isIncompatible()).isTrue();
    }

    @Test
    void aStateReadFromAnEarlierCheckpointIsWrittenInTheNewFormatAndReadBack() throws Exception {
        CorrelationRule rule = new CorrelationRule("bf-migrated", null, "brute force", "high", List.of(), List.of(), List.of(),
                CorrelationType.EVENT_COUNT, List.of("source.ip"), 60_000, new CorrelationCondition(Map.of("gte", 5)), false,
                "test", List.of(new CorrelationRule.Reference("failed", List.of("source.ip"), null, Map.of())));
        CorrelationState s = new CorrelationState(rule, new GroupKey("d", List.of("source.ip"), List.of("10.0.0.9")),
                CorrelationSettings.DEFAULT);
        for (int i = 0; i < 3; i++) {
            s.onMatch("failed", 1_000 + i, new Event().put("event.id", "e" + i));
        }
        // an earlier release wrote it with Java serialisation
        DataOutputSerializer old = new DataOutputSerializer(256);
        JavaSerializedType.Serializer.INSTANCE.serialize(s, old);
        CorrelationState restored = (CorrelationState) JavaSerializedType.Serializer.INSTANCE
                .deserialize(new DataInputDeserializer(old.getCopyOfBuffer()));

        // the next checkpoint writes the new format, its rule in the dictionary of the serializer snapshot
        DataOutputSerializer next = new DataOutputSerializer(256);
        CorrelationStateType.Serializer.INSTANCE.serialize(restored, next);
        DataOutputSerializer snapshot = new DataOutputSerializer(256);
        current.writeSnapshot(snapshot);
        assertThat(new String(snapshot.getCopyOfBuffer(), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("bf-migrated");

        CorrelationState again = CorrelationStateType.Serializer.INSTANCE.deserialize(new DataInputDeserializer(next.getCopyOfBuffer()));
        again.onMatch("failed", 1_003, new Event().put("event.id", "e3"));
        again.onMatch("failed", 1_004, new Event().put("event.id", "e4"));
        assertThat(again.onWatermark(2_000)).singleElement().satisfies(r -> assertThat(r.count()).isEqualTo(5));
    }
}
