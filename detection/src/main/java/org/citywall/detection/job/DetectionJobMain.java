package org.citywall.detection.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for submitting the detection job to a Flink cluster:
 *
 * <pre>
 * flink run -p 8 -c org.citywall.detection.job.DetectionJobMain citywall-detection-job.jar \
 *     --kafka kafka-1:9092,kafka-2:9092 --elasticsearch http://es-1:9200,http://es-2:9200 \
 *     --rules /etc/citywall/rules [--topic citywall.raw-events] [--archive 1.0] [--checkpoint-seconds 30]
 *     [--suppression-minutes 10] [--allowed-lateness-seconds 60] [--intel /etc/citywall/intel/feed.json]...
 *     [--idleness-seconds 5] [--pipeline /etc/citywall/pipelines/local.yml]...
 *     [--zone Asia/Shanghai] [--fallback-charset GB18030]
 * </pre>
 *
 * Parallelism comes from the cluster ({@code -p}); the rule directory and the indicator files
 * ({@code --intel}: CSV or STIX 2.1, repeatable, reloaded when they change) must be readable on
 * every task manager (a shared volume), as every task watches them.
 */
public final class DetectionJobMain {
    private DetectionJobMain() {}

    public static void main(String[] args) throws Exception {
        DetectionJobConfig cfg = parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DetectionJob.build(env, cfg);
        env.execute("citywall-detection");
    }

    /**
     * Reads the job's arguments.
     *
     * @throws IllegalArgumentException naming the missing or unknown argument
     */
    static DetectionJobConfig parse(String[] args) {
        String kafka = null;
        List<String> es = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        String topic = DetectionJobConfig.DEFAULT_TOPIC;
        double archive = 1.0;
        int checkpointSeconds = 30;
        int parallelism = -1;
        long suppressionMinutes = 10;
        long latenessSeconds = 60;
        long idlenessSeconds = 5;
        List<String> intel = new ArrayList<>();
        List<String> pipelines = new ArrayList<>();
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        java.nio.charset.Charset fallback = java.nio.charset.StandardCharsets.ISO_8859_1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--kafka" -> kafka = v;
                case "--elasticsearch" -> es.addAll(Arrays.asList(v.split(",")));
                case "--rules" -> rules.add(v);
                case "--topic" -> topic = v;
                case "--archive" -> archive = Double.parseDouble(v);
                case "--checkpoint-seconds" -> checkpointSeconds = Integer.parseInt(v);
                case "--parallelism" -> parallelism = Integer.parseInt(v);
                case "--suppression-minutes" -> suppressionMinutes = Long.parseLong(v);
                case "--allowed-lateness-seconds" -> latenessSeconds = Long.parseLong(v);
                case "--idleness-seconds" -> idlenessSeconds = Long.parseLong(v);
                case "--intel" -> intel.add(v);
                case "--pipeline" -> pipelines.add(v);
                case "--zone" -> zone = java.time.ZoneId.of(v);
                case "--fallback-charset" -> fallback = java.nio.charset.Charset.forName(v);
                default -> throw new IllegalArgumentException("unknown argument " + a
                        + " (expected --kafka, --elasticsearch, --rules, --topic, --archive, --checkpoint-seconds, --parallelism,"
                        + " --suppression-minutes, --allowed-lateness-seconds, --idleness-seconds, --intel, --pipeline, --zone,"
                        + " --fallback-charset)");
            }
            i++;
        }
        if (kafka == null || es.isEmpty()) {
            throw new IllegalArgumentException("--kafka and --elasticsearch are required");
        }
        DetectionJobConfig.Builder b = DetectionJobConfig.builder(kafka, es).topic(topic)
                .archive(ArchivePolicy.of(archive, java.util.Map.of()))
                .checkpointInterval(Duration.ofSeconds(checkpointSeconds))
                .suppression(Duration.ofMinutes(suppressionMinutes))
                .allowedLateness(Duration.ofSeconds(latenessSeconds))
                .idleness(Duration.ofSeconds(idlenessSeconds))
                .intelFiles(intel)
                .decoder(org.citywall.detection.decode.DecoderConfig.builder().zone(zone).fallbackCharset(fallback).build());
        if (parallelism > 0) {
            b.parallelism(parallelism);
        }
        rules.forEach(b::ruleDirectory);
        pipelines.forEach(b::pipelineFile);
        return b.build();
    }
}
