package org.citywall.app.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.citywall.detection.job.DetectionJob;
import org.citywall.detection.job.DetectionJobConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection job on a Flink MiniCluster inside this process, checkpointing under the data
 * directory and resuming from its latest checkpoint on the next start.
 */
final class DetectionRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionRuntime.class);

    private final JobClient job;

    private DetectionRuntime(JobClient job) {
        this.job = job;
    }

    static DetectionRuntime start(DetectionJobConfig cfg, Path flinkDir) throws Exception {
        Path checkpoints = flinkDir.resolve("checkpoints");
        Files.createDirectories(checkpoints);
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0"); // 8081 may be taken; nothing here needs Flink's web UI
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, Math.max(1, cfg.parallelism()) * 2);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        conf.setString("metrics.reporter.citywall.factory.class", DetectionMetrics.Factory.class.getName());
        conf.setString("metrics.reporter.citywall.interval", "5 s");
        Optional<Path> latest = latestCheckpoint(checkpoints);
        latest.ifPresent(p -> {
            LOG.info("event=detection_resume checkpoint={}", p);
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(Math.max(1, cfg.parallelism()), conf);
        DetectionJob.build(env, cfg);
        JobClient client = env.executeAsync("citywall-detection");
        LOG.info("event=detection_started job={} parallelism={}", client.getJobID(), cfg.parallelism());
        return new DetectionRuntime(client);
    }

    /** The newest retained checkpoint (a {@code chk-N} directory with its {@code _metadata}), if any. */
    static Optional<Path> latestCheckpoint(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.walk(checkpoints, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparingLong(DetectionRuntime::modified));
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the job is still running (not failed, finished or cancelled). */
    boolean running() {
        try {
            return !job.getJobStatus().get(5, TimeUnit.SECONDS).isTerminalState();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            job.cancel().get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("event=detection_cancel_failed error={}", e.toString());
        }
    }
}
