package org.citywall.embedded.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.citywall.embedded.ChildJvm;
import org.citywall.embedded.ChildService;
import org.citywall.embedded.FreePort;
import org.citywall.embedded.ModuleClasspath;

/**
 * A single-node Elasticsearch 8 in a child JVM, loopback only, data under one directory that
 * survives restarts.
 *
 * <p>The embedded default only (Elasticsearch is under the SSPL / Elastic License): production
 * points CityWall at the operator's own cluster.
 */
public final class EmbeddedElasticsearch extends ChildService {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final int httpPort;

    private EmbeddedElasticsearch(Path home, int httpPort, int transportPort, String heap) {
        super(ChildJvm.builder("elasticsearch", ModuleClasspath.of(EmbeddedElasticsearch.class,
                                "embedded/elasticsearch"), ElasticsearchNodeMain.class.getName())
                .jvmArgs("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-Djava.awt.headless=true",
                        "-Dfile.encoding=UTF-8", "-Dlog4j2.formatMsgNoLookups=true",
                        "-Dlog4j.shutdownHookEnabled=false", "-Des.networkaddress.cache.ttl=60",
                        "--add-opens=java.base/java.io=ALL-UNNAMED")
                .args(home.toString(), Integer.toString(httpPort), Integer.toString(transportPort))
                .logFile(home.resolve("elasticsearch.log"))
                .workDir(home)
                .build(), line -> line.startsWith(ElasticsearchNodeMain.READY), START_TIMEOUT);
        this.httpPort = httpPort;
    }

    /** Starts a node on a free port with data under {@code home}; waits until the cluster is usable. */
    public static EmbeddedElasticsearch start(Path home) {
        return start(home, 0, "512m");
    }

    /**
     * @param httpPort the REST port, 0 for a free one
     * @param heap     the child's heap, e.g. {@code 512m}
     * @throws IllegalStateException with the end of the node's log when it cannot start
     */
    public static EmbeddedElasticsearch start(Path home, int httpPort, String heap) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ChildJvm.retryWhilePortTaken(() -> {
            EmbeddedElasticsearch es = new EmbeddedElasticsearch(home.toAbsolutePath(),
                    httpPort == 0 ? FreePort.next() : httpPort, FreePort.next(), heap);
            es.startProcess();
            return es;
        });
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }
}
