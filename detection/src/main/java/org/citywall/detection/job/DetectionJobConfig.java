package org.citywall.detection.job;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.detection.decode.DecoderConfig;

/**
 * Everything the detection job needs to know about its surroundings. The same job runs embedded
 * (a Flink MiniCluster in the {@code citywall} process) and on a Flink cluster; only this differs.
 */
public final class DetectionJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The bus topic the collectors write raw events to. */
    public static final String DEFAULT_TOPIC = "citywall.raw-events";

    private final String kafkaBootstrapServers;
    private final String topic;
    private final String consumerGroup;
    private final List<String> elasticsearchHosts;
    private final List<String> ruleDirectories;
    private final List<String> pipelineFiles;
    private final boolean builtInRules;
    private final List<String> intelFiles;
    private final ArchivePolicy archive;
    private final DecoderConfig decoder;
    private final long outOfOrdernessMillis;
    private final long idlenessMillis;
    private final long rulePollMillis;
    private final int parallelism;
    private final long checkpointIntervalMillis;
    private final boolean bounded;
    private final long suppressionMillis;
    private final long correlationSuppressionMillis;
    private final long allowedLatenessMillis;

    private DetectionJobConfig(Builder b) {
        this.kafkaBootstrapServers = Objects.requireNonNull(b.kafkaBootstrapServers, "kafkaBootstrapServers");
        this.topic = b.topic;
        this.consumerGroup = b.consumerGroup;
        this.elasticsearchHosts = List.copyOf(b.elasticsearchHosts);
        this.ruleDirectories = List.copyOf(b.ruleDirectories);
        this.pipelineFiles = List.copyOf(b.pipelineFiles);
        this.builtInRules = b.builtInRules;
        this.intelFiles = List.copyOf(b.intelFiles);
        this.archive = b.archive;
        this.decoder = b.decoder;
        this.outOfOrdernessMillis = b.outOfOrderness.toMillis();
        this.idlenessMillis = b.idleness.toMillis();
        this.rulePollMillis = b.rulePoll.toMillis();
        this.parallelism = b.parallelism;
        this.checkpointIntervalMillis = b.checkpointInterval.toMillis();
        this.bounded = b.bounded;
        this.suppressionMillis = b.suppression.toMillis();
        this.correlationSuppressionMillis = b.correlationSuppression.toMillis();
        this.allowedLatenessMillis = b.allowedLateness.toMillis();
        if (suppressionMillis <= 0 || correlationSuppressionMillis < 0 || allowedLatenessMillis < 0) {
            throw new IllegalArgumentException("suppression must be > 0, correlation suppression and allowed lateness >= 0");
        }
        if (elasticsearchHosts.isEmpty()) {
            throw new IllegalArgumentException("at least one Elasticsearch host is required");
        }
    }

    public static Builder builder(String kafkaBootstrapServers, List<String> elasticsearchHosts) {
        return new Builder(kafkaBootstrapServers, elasticsearchHosts);
    }

    public String kafkaBootstrapServers() { return kafkaBootstrapServers; }
    public String topic() { return topic; }
    public String consumerGroup() { return consumerGroup; }
    public List<String> elasticsearchHosts() { return elasticsearchHosts; }
    public List<String> ruleDirectories() { return ruleDirectories; }
    /** Processing pipeline files layered over the built-in one (later files win), reloaded with the rules. */
    public List<String> pipelineFiles() { return pipelineFiles; }
    public boolean builtInRules() { return builtInRules; }
    public List<String> intelFiles() { return intelFiles; }
    public ArchivePolicy archive() { return archive; }
    public DecoderConfig decoder() { return decoder; }
    public Duration outOfOrderness() { return Duration.ofMillis(outOfOrdernessMillis); }
    public Duration idleness() { return Duration.ofMillis(idlenessMillis); }
    public Duration rulePoll() { return Duration.ofMillis(rulePollMillis); }
    public int parallelism() { return parallelism; }
    public Duration checkpointInterval() { return Duration.ofMillis(checkpointIntervalMillis); }
    public boolean bounded() { return bounded; }
    /** How long repeated matches of a single-event rule for the same subject update one alert. */
    public Duration suppression() { return Duration.ofMillis(suppressionMillis); }

    /** Lateness and suppression of correlation rules, with the job's limits on what an alert keeps. */
    public CorrelationSettings correlationSettings() {
        CorrelationSettings d = CorrelationSettings.DEFAULT;
        return new CorrelationSettings(allowedLatenessMillis, correlationSuppressionMillis, d.maxEventIds(), d.maxValues());
    }

    /** Configures a {@link DetectionJobConfig}; defaults suit the embedded platform. */
    public static final class Builder {
        private final String kafkaBootstrapServers;
        private final List<String> elasticsearchHosts;
        private String topic = DEFAULT_TOPIC;
        private String consumerGroup = "citywall-detection";
        private final List<String> ruleDirectories = new ArrayList<>();
        private final List<String> pipelineFiles = new ArrayList<>();
        private boolean builtInRules = true;
        private final List<String> intelFiles = new ArrayList<>();
        private ArchivePolicy archive = ArchivePolicy.all();
        private DecoderConfig decoder = DecoderConfig.defaults();
        private Duration outOfOrderness = Duration.ofMillis(250);
        private Duration idleness = Duration.ofSeconds(5);
        private Duration rulePoll = Duration.ofSeconds(5);
        private int parallelism = 0;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private boolean bounded;
        private Duration suppression = Duration.ofMinutes(10);
        private Duration correlationSuppression = Duration.ZERO;
        private Duration allowedLateness = Duration.ofMillis(CorrelationSettings.DEFAULT.allowedLatenessMillis());

        private Builder(String kafkaBootstrapServers, List<String> elasticsearchHosts) {
            this.kafkaBootstrapServers = kafkaBootstrapServers;
            this.elasticsearchHosts = List.copyOf(elasticsearchHosts);
        }

        public Builder topic(String t) { this.topic = t; return this; }
        public Builder consumerGroup(String g) { this.consumerGroup = g; return this; }
        /** A directory of Sigma rules, watched for changes while the job runs. */
        public Builder ruleDirectory(String dir) { this.ruleDirectories.add(dir); return this; }
        public Builder pipelineFile(String file) { this.pipelineFiles.add(file); return this; }
        /** Whether CityWall's own rule pack is loaded (default true). */
        public Builder builtInRules(boolean b) { this.builtInRules = b; return this; }
        /** An indicator file (CSV or STIX 2.1 bundle), reloaded when it changes. */
        public Builder intelFile(String file) { this.intelFiles.add(file); return this; }
        public Builder intelFiles(java.util.Collection<String> files) { this.intelFiles.addAll(files); return this; }
        public Builder archive(ArchivePolicy p) { this.archive = Objects.requireNonNull(p); return this; }
        public Builder decoder(DecoderConfig d) { this.decoder = Objects.requireNonNull(d); return this; }
        /**
         * How far behind the newest event time the watermark trails (default 250 ms). Correlations
         * are judged when the watermark passes, so this is most of the event-to-alert latency;
         * events later than this still count within the correlations' allowed lateness.
         */
        public Builder outOfOrderness(Duration d) { this.outOfOrderness = d; return this; }
        /** After how long without events a source split stops holding back the watermark. */
        public Builder idleness(Duration d) { this.idleness = d; return this; }
        /** How often rule directories and indicator files are checked for changes. */
        public Builder rulePoll(Duration d) { this.rulePoll = d; return this; }
        /** Parallelism of every operator; 0 (the default) leaves it to the environment, e.g. {@code flink run -p}. */
        public Builder parallelism(int p) { this.parallelism = p; return this; }
        public Builder checkpointInterval(Duration d) { this.checkpointInterval = d; return this; }
        /**
         * Replay mode: read the topic up to the offsets it has when the job starts, then finish
         * (for re-running rules over stored events and for benchmarks). Default: run forever.
         */
        public Builder bounded(boolean b) { this.bounded = b; return this; }

        /**
         * Single-event rules: while matches of the same rule for the same subject (source address,
         * else user, else host) keep arriving within this period of each other, they update one
         * alert instead of raising new ones (default 10 minutes).
         */
        public Builder suppression(Duration d) { this.suppression = d; return this; }
        /** Correlation rules: the same, per rule and group-by values; zero (the default) means the rule's timespan. */
        public Builder correlationSuppression(Duration d) { this.correlationSuppression = d; return this; }
        /** How far behind the watermark an event may arrive and still count in a correlation (default 60 s). */
        public Builder allowedLateness(Duration d) { this.allowedLateness = d; return this; }

        public DetectionJobConfig build() {
            return new DetectionJobConfig(this);
        }
    }
}
