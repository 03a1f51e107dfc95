package org.citywall.embedded.elasticsearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.elasticsearch.action.admin.cluster.health.ClusterHealthResponse;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Runs in the Elasticsearch child JVM: a single-node cluster on loopback with its data under one
 * directory. Prints {@value #READY} once the cluster is at least yellow.
 *
 * <p>Usage: {@code ElasticsearchNodeMain <home-dir> <http-port> <transport-port>}
 */
public final class ElasticsearchNodeMain {
    static final String READY = "CITYWALL-ELASTICSEARCH-READY";

    private ElasticsearchNodeMain() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        int transportPort = Integer.parseInt(args[2]);
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("tmp"));
        System.setProperty("java.io.tmpdir", home.resolve("tmp").toString());
        System.setProperty("es.logs.base_path", home.resolve("logs").toString());

        Settings settings = Settings.builder()
                .put("cluster.name", "citywall")
                .put("node.name", "citywall-es")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                .put("transport.port", transportPort)
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", true)
                .put("indices.breaker.total.use_real_memory", false)
                .put("http.max_content_length", "100mb")
                .build();

        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName("citywall-es");
        LogConfigurator.configureWithoutConfig(settings);
        LogConfigurator.configureESLogging();

        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"),
                () -> "citywall-es");
        Node node = new ClasspathNode(env, List.of(Netty4Plugin.class, RootInfoPlugin.class));
        // Elasticsearch's threads are daemons: the main thread keeps the JVM alive until shutdown
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                node.close();
                node.awaitClose(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("error closing Elasticsearch: " + e);
            }
        }, "elasticsearch-stopper"));
        node.start();
        ClusterHealthResponse health = node.client().admin().cluster()
                .prepareHealth(TimeValue.timeValueSeconds(60))
                .setWaitForYellowStatus()
                .setTimeout(TimeValue.timeValueSeconds(60))
                .get();
        System.out.println(READY + " http=127.0.0.1:" + httpPort + " status=" + health.getStatus());
        System.out.flush();
        stopped.await();
    }
}
