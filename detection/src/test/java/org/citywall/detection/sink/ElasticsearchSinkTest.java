package org.citywall.detection.sink;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink against a real Elasticsearch node, in a real Flink job. */
class ElasticsearchSinkTest {

    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static EsClients.Handle client;

    @BeforeAll
    static void startElasticsearch() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        client = EsClients.open(List.of(es.url()));
    }

    @AfterAll
    static void stop() {
        client.close();
        es.close();
    }

    @Test
    void writesEveryDocumentAndAReplayAddsNone() throws Exception {
        runJob("replay", 3000, 0);
        runJob("replay", 3000, 0);
        assertThat(count("replay")).isEqualTo(3000);
    }

    @Test
    void losesNothingWhileElasticsearchIsDownAndAfterItReturns() throws Exception {
        Thread outage = new Thread(() -> {
            sleep(1500);
            es.stop();
            sleep(4000);
            es.restart();
        });
        outage.start();
        runJob("outage", 2000, 400); // ~5 s of input at 400/s, across the outage
        outage.join();
        assertThat(count("outage")).isEqualTo(2000);
    }

    @Test
    void mergeUpdatesDetectionFieldsAndKeepsTriageState() throws Exception {
        ElasticsearchClient es = client.sync();
        writeOne(EsOperation.merge("alerts-merge", "a1", "{\"count\":5}", "{\"count\":5,\"status\":\"open\"}"));
        es.update(u -> u.index("alerts-merge").id("a1").doc(Map.of("status", "acknowledged")).refresh(
                co.elastic.clients.elasticsearch._types.Refresh.True), Map.class);
        writeOne(EsOperation.merge("alerts-merge", "a1", "{\"count\":7}", "{\"count\":7,\"status\":\"open\"}"));
        GetResponse<Map> doc = es.get(g -> g.index("alerts-merge").id("a1"), Map.class);
        assertThat(doc.source()).containsEntry("count", 7).containsEntry("status", "acknowledged");
    }

    @Test
    void aDocumentElasticsearchRejectsGoesToTheDeadLetterIndexWithItsReason() throws Exception {
        client.sync().indices().create(c -> c.index("strict").mappings(m -> m.properties("n", p -> p.long_(l -> l))));
        writeOne(EsOperation.create("strict", "bad", "{\"n\":\"not a number\"}"));
        client.sync().indices().refresh(r -> r.index(ElasticsearchSinkWriter.DEAD_LETTER_INDEX));
        GetResponse<Map> dl = client.sync().get(g -> g.index(ElasticsearchSinkWriter.DEAD_LETTER_INDEX).id("strict:bad"), Map.class);
        assertThat(dl.found()).isTrue();
        assertThat(dl.source()).containsEntry("target_index", "strict").containsEntry("status", 400);
        assertThat((String) dl.source().get("reason")).contains("document_parsing_exception");
        assertThat((String) dl.source().get("document")).contains("not a number");
    }

    private void writeOne(EsOperation op) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.fromData(List.of(op), org.apache.flink.api.common.typeinfo.TypeInformation.of(EsOperation.class))
                .sinkTo(ElasticsearchSink.<EsOperation>builder(List.of(es.url()), (o, ctx) -> o).name("t").build());
        env.execute("write-one");
        client.sync().indices().refresh();
    }

    private void runJob(String index, int n, double perSecond) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i, n,
                perSecond > 0 ? RateLimiterStrategy.perSecond(perSecond) : RateLimiterStrategy.noOp(), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
                .sinkTo(ElasticsearchSink.<Long>builder(List.of(es.url()),
                                (i, ctx) -> EsOperation.create(index, "doc-" + i, "{\"n\":" + i + "}"))
                        .name(index).maxBatchSize(200).build());
        env.execute("sink-" + index);
        client.sync().indices().refresh(r -> r.index(index));
    }

    private long count(String index) throws Exception {
        return client.sync().count(c -> c.index(index)).count();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }
}
