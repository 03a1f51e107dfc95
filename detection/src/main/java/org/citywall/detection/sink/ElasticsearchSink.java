package org.citywall.detection.sink;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink sink that writes to Elasticsearch with bulk requests, on the Elasticsearch Java client.
 *
 * <p>At-least-once: operations buffered at a checkpoint are part of its state, and a checkpoint
 * waits for requests in flight. Ids are deterministic, so the duplicates at-least-once allows
 * overwrite instead of multiplying. While Elasticsearch is down, requests are retried with
 * back-off and the buffer fills until the job back-pressures its source; nothing is dropped.
 * Documents Elasticsearch rejects for good are written to {@value ElasticsearchSinkWriter#DEAD_LETTER_INDEX}
 * with the reason, and counted.
 */
public final class ElasticsearchSink<T> extends AsyncSinkBase<T, EsOperation> {

    private final List<String> hosts;
    private final String name;

    private ElasticsearchSink(Builder<T> b) {
        super(b.converter, b.maxBatchSize, b.maxInFlightRequests, b.maxBufferedRequests, b.maxBatchSizeInBytes,
                b.maxTimeInBufferMs, b.maxRecordSizeInBytes, b.requestTimeoutMs, false);
        this.hosts = List.copyOf(b.hosts);
        this.name = b.name;
    }

    public static <T> Builder<T> builder(List<String> hosts, ElementConverter<T, EsOperation> converter) {
        return new Builder<>(hosts, converter);
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<EsOperation>> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<EsOperation>> restoreWriter(WriterInitContext context,
            Collection<BufferedRequestState<EsOperation>> recovered) {
        return new ElasticsearchSinkWriter<>(getElementConverter(), context, configuration(), recovered, hosts, name);
    }

    private org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration configuration() {
        return org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(false)
                .build();
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<EsOperation>> getWriterStateSerializer() {
        return new StateSerializer();
    }

    static final class StateSerializer extends AsyncSinkWriterStateSerializer<EsOperation> {
        @Override
        protected void serializeRequestToStream(EsOperation op, DataOutputStream out) throws IOException {
            out.writeByte(op.kind().ordinal());
            writeString(out, op.index());
            writeString(out, op.id());
            writeString(out, op.json());
            out.writeBoolean(op.upsertJson() != null);
            if (op.upsertJson() != null) {
                writeString(out, op.upsertJson());
            }
        }

        @Override
        protected EsOperation deserializeRequestFromStream(long size, DataInputStream in) throws IOException {
            EsOperation.Kind kind = EsOperation.Kind.values()[in.readByte()];
            String index = readString(in);
            String id = readString(in);
            String json = readString(in);
            String upsert = in.readBoolean() ? readString(in) : null;
            return new EsOperation(kind, index, id, json, upsert);
        }

        @Override
        public int getVersion() {
            return 1;
        }

        // writeUTF is limited to 64 KiB; documents can be larger
        private static void writeString(DataOutputStream out, String s) throws IOException {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        private static String readString(DataInputStream in) throws IOException {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Configures an {@link ElasticsearchSink}; defaults suit a single embedded node. */
    public static final class Builder<T> {
        private final List<String> hosts;
        private final ElementConverter<T, EsOperation> converter;
        private String name = "elasticsearch";
        private int maxBatchSize = 1000;
        private int maxInFlightRequests = 2;
        private int maxBufferedRequests = 10_000;
        private long maxBatchSizeInBytes = 5L * 1024 * 1024;
        private long maxTimeInBufferMs = 200;
        private long maxRecordSizeInBytes = 4L * 1024 * 1024;
        private long requestTimeoutMs = 10 * 60 * 1000L;

        private Builder(List<String> hosts, ElementConverter<T, EsOperation> converter) {
            this.hosts = List.copyOf(hosts);
            this.converter = Objects.requireNonNull(converter);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("at least one Elasticsearch host");
            }
        }

        /** A name for metrics and logs, e.g. {@code alerts} or {@code events}. */
        public Builder<T> name(String n) {
            this.name = n;
            return this;
        }

        public Builder<T> maxBatchSize(int n) {
            this.maxBatchSize = n;
            return this;
        }

        public Builder<T> maxBufferedRequests(int n) {
            this.maxBufferedRequests = n;
            return this;
        }

        public Builder<T> maxTimeInBufferMs(long ms) {
            this.maxTimeInBufferMs = ms;
            return this;
        }

        public Builder<T> maxInFlightRequests(int n) {
            this.maxInFlightRequests = n;
            return this;
        }

        public ElasticsearchSink<T> build() {
            return new ElasticsearchSink<>(this);
        }
    }
}
