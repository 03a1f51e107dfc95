package org.citywall.detection.job;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.citywall.detection.intel.IndicatorSet;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.detection.sink.ElasticsearchSink;
import org.citywall.detection.sink.EsOperation;
import org.citywall.event.Alert;
import org.citywall.event.RawEvent;

/**
 * The detection job: raw events from the bus → decode → rules → correlation → alerts and the
 * event archive in Elasticsearch.
 *
 * <pre>
 *  Kafka ─► detect (decode + rules) ─┬─► correlate (keyed, event time) ─┬─► pace writes ─► alerts sink
 *                                    ├─► de-duplicate single matches ────┘
 *                                    └─► event archive sink
 *  rule files ─► rule updates, broadcast to detect and correlate (no restart)
 * </pre>
 */
public final class DetectionJob {
    private DetectionJob() {}

    /**
     * Job accumulators: wall-clock milliseconds around the first and the last events decoded, so a
     * replay ({@link DetectionJobConfig.Builder#bounded}) reports its throughput without its start-up.
     */
    public static final String ACC_FIRST_EVENT_AT = "citywall.first-event-at";
    public static final String ACC_LAST_EVENT_AT = "citywall.last-event-at";

    /**
     * How deep correlations of correlations may chain (a correlation over a correlation over rules
     * is depth 2). Deeper correlations are rejected when the rules load; results chained beyond the
     * last stage anyway are counted as {@code chained_beyond_last_stage} and dropped.
     */
    static final int CORRELATION_STAGES = org.citywall.detection.sigma.RuleSet.MAX_CORRELATION_DEPTH;

    /**
     * Pacing of alert writes ({@link AlertUpdatePacer}): a new alert is written at once, its first
     * update after at least this long (processing time)...
     */
    static final long ALERT_UPDATE_FIRST_MS = 1000;
    /**
     * ...and the pause doubles while the alert keeps changing, up to this: a brute force that goes on
     * for an hour shows its count at most a minute old, and hundreds of such running alerts cost the
     * node a few writes a second rather than a hundred (each an update: a real-time get, a merge, a
     * re-index), which it needs for new alerts.
     */
    static final long ALERT_UPDATE_MAX_MS = 60_000;

    /** How often event time advances (ms): a correlation is judged at most this long after its watermark is due. */
    static final long WATERMARK_INTERVAL_MS = 100;
    /** The longest a record waits in a partly filled network buffer (ms). */
    static final long BUFFER_TIMEOUT_MS = 10;

    /** Adds the job to {@code env}; the caller executes it. Compiles the rules first, so a job never starts without them. */
    public static void build(StreamExecutionEnvironment env, DetectionJobConfig cfg) {
        env.getConfig().enableObjectReuse(); // operators never mutate what they emit; saves a copy per event
        if (cfg.parallelism() > 0) {
            env.setParallelism(cfg.parallelism()); // else the environment's (a cluster's -p)
        }
        env.getConfig().setAutoWatermarkInterval(WATERMARK_INTERVAL_MS);
        // matches, correlation results and alerts are sparse: with Flink's default (100 ms) each of their
        // hops waits for a full network buffer or the timeout; the dense hop (raw events) fills buffers long before
        env.setBufferTimeout(BUFFER_TIMEOUT_MS);
        if (!cfg.checkpointInterval().isZero()) {
            env.enableCheckpointing(cfg.checkpointInterval().toMillis());
        }

        RuleSetLoader loader = new RuleSetLoader(cfg.ruleDirectories(), cfg.builtInRules(), cfg.pipelineFiles());
        RuleSet initial = loader.load();
        // indicators are loaded before the job starts: no event is matched against an empty list
        IntelLoader intel = new IntelLoader(cfg.intelFiles());
        IndicatorSet initialIntel = intel.configured() ? intel.load() : null;
        if (initialIntel == null) {
            if (intel.configured()) {
                throw new IllegalStateException("indicator files cannot be read: " + cfg.intelFiles());
            }
            initialIntel = IndicatorSet.empty();
        }

        var sourceBuilder = KafkaSource.<BusRecord>builder()
                .setBootstrapServers(cfg.kafkaBootstrapServers())
                .setTopics(cfg.topic())
                .setGroupId(cfg.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new BusRecordDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", cfg.bounded() ? "-1" : "30000");
        if (cfg.bounded()) {
            sourceBuilder.setBounded(OffsetsInitializer.latest());
        }
        KafkaSource<BusRecord> source = sourceBuilder.build();
        // event time advances with the collectors' receive stamps, per partition (BusTimeWatermarks): a backlog
        // holds it back where the bus is behind, a quiet partition lets it move with the clock
        long ooo = cfg.outOfOrderness().toMillis();
        long idle = cfg.idleness().toMillis();
        WatermarkStrategy<BusRecord> busTime = WatermarkStrategy
                .<BusRecord>forGenerator(c -> new BusTimeWatermarks<BusRecord>(ooo, 0, idle, r -> RawEvent.receivedAtMillis(r.wire)))
                .withTimestampAssigner((r, kafkaTimestamp) -> {
                    long received = RawEvent.receivedAtMillis(r.wire);
                    return received > 0 ? received : kafkaTimestamp;
                });
        DataStream<BusRecord> raw = env.fromSource(source, busTime, "bus")
                .uid("bus");

        BroadcastStream<RuleUpdates.Tick> ruleUpdates = ruleUpdates(env, new RuleUpdates(loader, initial.version(), intel,
                        initialIntel.version()), cfg.rulePoll(), cfg.bounded())
                .broadcast(DetectFunction.RULES, DetectFunction.INDICATORS);

        SingleOutputStreamOperator<CorrelationFeed> detected = raw.connect(ruleUpdates)
                .process(new DetectFunction(cfg.decoder(), initial, loader, initialIntel, cfg.archive()), Types.POJO(CorrelationFeed.class))
                .uid("detect").name("decode and detect");

        // correlations of correlations: each stage's first results feed the next stage's correlations
        DataStream<CorrelationFeed> feeds = detected;
        DataStream<Alert> correlated = null;
        for (int stage = 1; stage <= CORRELATION_STAGES; stage++) {
            SingleOutputStreamOperator<Alert> alerts = feeds
                    .keyBy(CorrelationFeed::stateKey, Types.STRING)
                    .connect(ruleUpdates)
                    .process(new CorrelateFunction(initial, loader, cfg.correlationSettings(), stage, stage == CORRELATION_STAGES), TypeInformation.of(Alert.class))
                    .uid(stage == 1 ? "correlate" : "correlate-" + stage).name("correlate (stage " + stage + ")");
            correlated = correlated == null ? alerts : correlated.union(alerts);
            feeds = alerts.getSideOutput(CorrelateFunction.CHAINED);
        }
        DataStream<Alert> single = detected.getSideOutput(DetectFunction.SINGLE_MATCHES)
                .keyBy(SingleMatch::stateKey, Types.STRING)
                .process(new AlertDedupeFunction(cfg.suppression().toMillis(), 1000), TypeInformation.of(Alert.class))
                .uid("dedupe").name("de-duplicate");

        // an alert that keeps changing (a correlation updates it on every watermark) is rewritten less and less often
        correlated.union(single)
                .keyBy(Alert::id, Types.STRING)
                .process(new AlertUpdatePacer(ALERT_UPDATE_FIRST_MS, ALERT_UPDATE_MAX_MS), TypeInformation.of(Alert.class))
                .uid("pace-alert-writes").name("pace alert writes")
                .map(ElasticsearchWrites::alert, JavaSerializedType.of(EsOperation.class)).name("alert writes")
                .sinkTo(ElasticsearchSink.<EsOperation>builder(cfg.elasticsearchHosts(), (op, ctx) -> op)
                        // one bulk in flight: two updates of one alert must land in the order they were made
                        .name("alerts").maxBatchSize(200).maxTimeInBufferMs(50).maxInFlightRequests(1).build())
                .uid("alerts-sink").name("alerts to Elasticsearch");

        if (cfg.archive().archivesAnything()) {
            detected.getSideOutput(DetectFunction.ARCHIVE)
                    .sinkTo(ElasticsearchSink.<EsOperation>builder(cfg.elasticsearchHosts(), (op, ctx) -> op)
                            .name("events").maxBatchSize(2000).maxTimeInBufferMs(1000).build())
                    .uid("events-sink").name("events to Elasticsearch");
        }
    }

    private static DataStream<RuleUpdates.Tick> ruleUpdates(StreamExecutionEnvironment env, RuleUpdates updates,
            Duration poll, boolean bounded) {
        // a replay ends when its input does: then the rules it started with are the rules it uses
        DataGeneratorSource<RuleUpdates.Tick> ticks = new DataGeneratorSource<>(updates,
                bounded ? 1 : Long.MAX_VALUE, RateLimiterStrategy.perSecond(1000.0 / Math.max(100, poll.toMillis())),
                JavaSerializedType.of(RuleUpdates.Tick.class));
        // the rule stream says nothing about event time: it must never hold back the watermark
        WatermarkStrategy<RuleUpdates.Tick> endOfTime = WatermarkStrategy.forGenerator(c -> new EndOfTime<>());
        return env.fromSource(ticks, endOfTime, "rule files").uid("rule-files").setParallelism(1)
                .filter(RuleUpdates.Tick::changed).name("changed rules and indicators").setParallelism(1);
    }

    /** Emits the maximum watermark: this input never delays event time downstream. */
    static final class EndOfTime<T> implements org.apache.flink.api.common.eventtime.WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long ts, org.apache.flink.api.common.eventtime.WatermarkOutput out) {}

        @Override
        public void onPeriodicEmit(org.apache.flink.api.common.eventtime.WatermarkOutput out) {
            out.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(Long.MAX_VALUE - 1));
        }
    }
}
