package org.citywall.detection.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps the raw bytes of each Kafka record with an id from its position; decoding happens downstream. */
final class BusRecordDeserializer implements KafkaRecordDeserializationSchema<BusRecord> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<BusRecord> out) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        out.collect(new BusRecord(value, BusRecord.eventId(record.topic(), record.partition(), record.offset())));
    }

    @Override
    public TypeInformation<BusRecord> getProducedType() {
        return TypeInformation.of(BusRecord.class);
    }
}
