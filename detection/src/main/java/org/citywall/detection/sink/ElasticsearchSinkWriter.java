package org.citywall.detection.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.citywall.event.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends batches of {@link EsOperation}s as bulk requests; see {@link ElasticsearchSink} for the guarantees. */
final class ElasticsearchSinkWriter<T> extends AsyncSinkWriter<T, EsOperation> {

    static final String DEAD_LETTER_INDEX = "citywall-deadletter";
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final String name;
    private final EsClients.Handle client;
    private final ScheduledExecutorService retries;
    private final Counter written;
    private final Counter duplicates;
    private final Counter retried;
    private final Counter deadLettered;
    private final Counter lost;
    private volatile long backoffMs = 0;

    ElasticsearchSinkWriter(ElementConverter<T, EsOperation> converter, WriterInitContext context,
            AsyncSinkWriterConfiguration config, Collection<BufferedRequestState<EsOperation>> state,
            List<String> hosts, String name) {
        super(converter, context, config, state);
        this.name = name;
        this.client = EsClients.open(hosts);
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "es-sink-retry-" + name);
            t.setDaemon(true);
            return t;
        });
        MetricGroup g = context.metricGroup().addGroup("citywall_es", name);
        this.written = g.counter("written");
        this.duplicates = g.counter("duplicates");
        this.retried = g.counter("retried");
        this.deadLettered = g.counter("dead_lettered");
        this.lost = g.counter("lost");
    }

    @Override
    protected void submitRequestEntries(List<EsOperation> ops, ResultHandler<EsOperation> result) {
        BulkRequest request;
        try {
            request = toBulk(ops);
        } catch (RuntimeException e) {
            // a document that cannot even be encoded goes to the dead-letter index, the rest retry
            LOG.warn("event=es_bulk_encode_failed sink={} ops={} error={}", name, ops.size(), e.toString());
            List<EsOperation> next = new ArrayList<>();
            for (EsOperation op : ops) {
                next.add(isEncodable(op) ? op : deadLetter(op, 400, "unencodable: " + e.getMessage()));
            }
            result.retryForEntries(next);
            return;
        }
        ElasticsearchAsyncClient es = client.async();
        es.bulk(request).whenComplete((response, error) -> {
            if (error != null) {
                retryLater(ops, result, error.toString());
            } else {
                handle(ops, response, result);
            }
        });
    }

    private void handle(List<EsOperation> ops, BulkResponse response, ResultHandler<EsOperation> result) {
        BulkOutcome outcome = new BulkOutcome();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < ops.size(); i++) {
            BulkResponseItem item = items.get(i);
            var err = item.error();
            outcome.add(ops.get(i), item.status(), err == null ? null : err.type(), err == null ? null : err.reason());
        }
        written.inc(outcome.written);
        duplicates.inc(outcome.duplicates);
        List<EsOperation> retry = outcome.retries();
        List<EsOperation> again = new ArrayList<>(retry);
        for (BulkOutcome.Rejection r : outcome.rejected) {
            if (r.operation().index().equals(DEAD_LETTER_INDEX)) {
                lost.inc();
                LOG.error("event=es_dead_letter_rejected sink={} id={} status={} reason={}", name,
                        r.operation().id(), r.status(), r.reason());
            } else {
                deadLettered.inc();
                LOG.warn("event=es_document_rejected sink={} index={} id={} status={} reason={}", name,
                        r.operation().index(), r.operation().id(), r.status(), r.reason());
                again.add(deadLetter(r.operation(), r.status(), r.reason()));
            }
        }
        if (retry.isEmpty()) {
            backoffMs = 0;
        }
        if (again.isEmpty()) {
            result.complete();
        } else if (retry.isEmpty()) {
            result.retryForEntries(again); // only dead letters: no need to wait
        } else {
            retryLater(again, result, retry.size() + " items throttled or failed");
        }
    }

    private void retryLater(List<EsOperation> ops, ResultHandler<EsOperation> result, String why) {
        long delay = backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs == 0 ? 250 : backoffMs * 2);
        retried.inc(ops.size());
        LOG.warn("event=es_bulk_retry sink={} ops={} backoff_ms={} cause={}", name, ops.size(), delay, why);
        retries.schedule(() -> result.retryForEntries(ops), delay, TimeUnit.MILLISECONDS);
    }

    private static BulkRequest toBulk(List<EsOperation> ops) {
        BulkRequest.Builder b = new BulkRequest.Builder();
        for (EsOperation op : ops) {
            b.operations(toBulkOperation(op));
        }
        return b.build();
    }

    private static BulkOperation toBulkOperation(EsOperation op) {
        return switch (op.kind()) {
            case CREATE -> BulkOperation.of(o -> o.create(c -> c.index(op.index()).id(op.id()).document(raw(op.json()))));
            case INDEX -> BulkOperation.of(o -> o.index(c -> c.index(op.index()).id(op.id()).document(raw(op.json()))));
            case MERGE -> BulkOperation.of(o -> o.update(u -> u.index(op.index()).id(op.id()).retryOnConflict(5)
                    .action(a -> a.doc(JsonData.fromJson(op.json())).upsert(JsonData.fromJson(op.upsertJson())))));
        };
    }

    private static boolean isEncodable(EsOperation op) {
        try {
            toBulkOperation(op);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static BinaryData raw(String json) {
        return BinaryData.of(json.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
    }

    private static EsOperation deadLetter(EsOperation op, int status, String reason) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", Instant.now().toString());
        doc.put("target_index", op.index());
        doc.put("target_id", op.id());
        doc.put("status", status);
        doc.put("reason", reason);
        doc.put("document", op.json());
        return EsOperation.index(DEAD_LETTER_INDEX, op.index() + ":" + op.id(), Json.write(doc));
    }

    @Override
    protected long getSizeInBytes(EsOperation op) {
        return op.sizeInBytes();
    }

    @Override
    protected Consumer<Exception> getFatalExceptionCons() {
        return super.getFatalExceptionCons();
    }

    @Override
    public void close() {
        retries.shutdownNow();
        client.close();
        super.close();
    }
}
