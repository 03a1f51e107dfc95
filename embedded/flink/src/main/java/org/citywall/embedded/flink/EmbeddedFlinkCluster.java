package org.citywall.embedded.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.citywall.embedded.ChildJvm;
import org.citywall.embedded.FreePort;
import org.citywall.embedded.ModuleClasspath;

/**
 * A standalone Flink session cluster on loopback: one JobManager and one TaskManager, each in its own
 * JVM started the way a Flink distribution's scripts start them (the TaskManager's heap, direct and
 * metaspace limits and its memory configuration derived from {@code taskmanager.memory.process.size}),
 * and {@link #run} for {@code flink run}. Jobs are submitted as jars, so what is tested here is the
 * job jar a user would submit to their own cluster, with only Flink's own jars on the cluster.
 */
public final class EmbeddedFlinkCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    /** What a Flink distribution's {@code env.java.opts.all} opens on Java 17: Flink reflects into these. */
    private static final List<String> JAVA_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path home;
    private final int restPort;
    private final List<String> classpath;
    private final ChildJvm jobManager;
    private final ChildJvm taskManager;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmbeddedFlinkCluster(Path home, int slots) throws IOException {
        this.home = home;
        this.restPort = FreePort.next();
        this.classpath = ModuleClasspath.of(EmbeddedFlinkCluster.class, "embedded/flink");
        Path conf = home.resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(home.resolve("tmp"));
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + FreePort.next(),
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 768m",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.rpc.port: " + FreePort.next(),
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.memory.process.size: 1280m",
                "io.tmp.dirs: " + home.resolve("tmp"),
                "parallelism.default: 1",
                ""));
        String log4j = "-Dlog4j.configurationFile=citywall-flink-log4j2.properties";
        this.jobManager = ChildJvm.builder("flink-jobmanager", classpath,
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint")
                .jvmArgs("-Xmx512m", log4j)
                .jvmArgs(JAVA_OPENS.toArray(String[]::new))
                .args("--configDir", conf.toString())
                .logFile(home.resolve("jobmanager.log")).workDir(home).build();
        // what bin/taskmanager.sh asks BashJavaUtils for: JVM limits and the memory settings they imply
        Configuration c = GlobalConfiguration.loadConfiguration(conf.toString());
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(c);
        List<String> jvm = new ArrayList<>(Arrays.asList(ProcessMemoryUtils.generateJvmParametersStr(spec).trim().split("\\s+")));
        jvm.add(log4j);
        jvm.addAll(JAVA_OPENS);
        List<String> args = new ArrayList<>(List.of("--configDir", conf.toString()));
        args.addAll(Arrays.asList(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")));
        this.taskManager = ChildJvm.builder("flink-taskmanager", classpath,
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner")
                .jvmArgs(jvm.toArray(String[]::new))
                .args(args.toArray(String[]::new))
                .logFile(home.resolve("taskmanager.log")).workDir(home).build();
    }

    /** Starts the cluster with {@code slots} task slots; returns once the TaskManager has registered. */
    public static EmbeddedFlinkCluster start(Path home, int slots) {
        return ChildJvm.retryWhilePortTaken(() -> {
            EmbeddedFlinkCluster cluster;
            try {
                cluster = new EmbeddedFlinkCluster(home.toAbsolutePath(), slots);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                cluster.jobManager.start();
                cluster.jobManager.awaitReady(l -> l.contains("Rest endpoint listening at"), START_TIMEOUT);
                cluster.taskManager.start();
                cluster.awaitTaskManager();
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        });
    }

    private void awaitTaskManager() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!taskManager.isAlive()) {
                throw new IllegalStateException("the TaskManager exited; see " + taskManager.logFile());
            }
            try {
                if (get("/taskmanagers").contains("\"slotsNumber\"")) {
                    return;
                }
            } catch (IOException e) {
                // not answering yet
            }
            sleep(200);
        }
        throw new IllegalStateException("no TaskManager registered within " + START_TIMEOUT.toSeconds() + " s; see "
                + taskManager.logFile());
    }

    /** The REST endpoint, as {@code flink run -m} and the web UI's API use it. */
    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** Directory holding {@code config.yaml}, as {@code FLINK_CONF_DIR}. */
    public Path confDir() {
        return home.resolve("conf");
    }

    /**
     * Runs {@code flink run -d -p PARALLELISM -c MAIN JAR ARGS...} and returns the id of the submitted job.
     *
     * @throws IllegalStateException with the command's output when it fails
     */
    public String submitDetached(int parallelism, Path jobJar, String mainClass, String... jobArgs) {
        List<String> cli = new ArrayList<>(List.of("run", "-d", "-p", Integer.toString(parallelism), "-c", mainClass,
                jobJar.toString()));
        cli.addAll(List.of(jobArgs));
        String out = flink(cli);
        Matcher m = JOB_ID.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("flink run printed no job id:\n" + out);
        }
        return m.group(1);
    }

    /** Runs the {@code flink} command line against this cluster; returns its output, or throws with it when it fails. */
    public String flink(List<String> cliArgs) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dlog4j.configurationFile=citywall-flink-log4j2.properties"));
        cmd.addAll(JAVA_OPENS);
        cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classpath), FlinkRunMain.class.getName(), confDir().toString()));
        cmd.addAll(cliArgs);
        try {
            Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("flink " + String.join(" ", cliArgs) + " did not finish:\n" + out);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("flink " + cliArgs.get(0) + " exited with " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The job's state as the REST API reports it ({@code RUNNING}, {@code FAILED}, ...). */
    public String jobState(String jobId) throws IOException {
        Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"").matcher(get("/jobs/" + jobId));
        return m.find() ? m.group(1) : "UNKNOWN";
    }

    /** The REST answer of {@code GET path}, e.g. {@code /jobs/ID/exceptions}. */
    public String get(String path) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Cancels a job (REST {@code PATCH /jobs/ID?mode=cancel}). */
    public void cancel(String jobId) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                    .timeout(Duration.ofSeconds(10)).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("cancel " + jobId + ": " + r.statusCode() + " " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public Path jobManagerLog() {
        return jobManager.logFile();
    }

    public Path taskManagerLog() {
        return taskManager.logFile();
    }

    @Override
    public void close() {
        taskManager.close();
        jobManager.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
