package org.citywall.console.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.citywall.audit.AuditLog;
import org.citywall.audit.ReplicaFeeder;
import org.citywall.event.Json;
import org.citywall.audit.TreeHeadSigner;
import org.citywall.console.ConsoleServer;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;

/**
 * The server side of the signing-service load command ({@code console/bench/sign-load.sh}): a real
 * console with Elasticsearch, a real audit log (every signature is recorded durably) and an SM2
 * key, plus an application credential permitted to sign with it. Writes {@code url} and
 * {@code key} lines to {@code args[1]} and serves until standard input closes. With
 * {@code -Dcitywall.bench.mirror=true} it also keeps the auditors' Elasticsearch copy of the trail
 * up to date every two seconds, as the embedded runtime does ({@link org.citywall.console.audit.ElasticsearchAuditReplica}, the one the platform uses).
 */
public final class SigningServiceLoadServer {
    private static final LongAdder MIRRORED = new LongAdder();

    private SigningServiceLoadServer() {}

    /** Ships the trail to Elasticsearch every two seconds; its HTTP client's threads must be closed for the JVM to exit. */
    private record Mirror(ScheduledExecutorService timer, RestClient rest) implements AutoCloseable {
        static Mirror start(AuditLog audit, String esUrl) {
            RestClient rest = RestClient.builder(HttpHost.create(esUrl)).build();
            ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(Json.MAPPER)));
            ReplicaFeeder feeder = new ReplicaFeeder(audit, new org.citywall.console.audit.ElasticsearchAuditReplica(client), 1000);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "audit-mirror");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                try {
                    MIRRORED.add(feeder.syncOnce());
                } catch (Exception e) {
                    System.out.println("audit mirror failed: " + e);
                }
            }, 1, 2, TimeUnit.SECONDS);
            return new Mirror(timer, rest);
        }

        @Override
        public void close() throws java.io.IOException {
            timer.shutdownNow();
            rest.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path info = Path.of(args[1]);
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dir.resolve("es"))) {
            KeyRing ring = KeyRing.inMemory();
            ring.create("load-sign", KeyType.SM2_SIGNING);
            ring.create("audit-heads", KeyType.SM2_SIGNING);
            try (AuditLog audit = AuditLog.open(AuditLog.Options.of(dir.resolve("audit"), TreeHeadSigner.of(ring, "audit-heads")));
                 ConsoleServer console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url())
                         .auditLog(audit).keyRing(ring).onFirstAdministrator((u, p) -> { }).build().start()) {
                String key = console.apps().create("loadtest", List.of("crypto:sign:load-sign"));
                Mirror mirror = Boolean.getBoolean("citywall.bench.mirror") ? Mirror.start(audit, es.url()) : null;
                try {
                    Files.writeString(info, "url=" + console.url() + "\nkey=" + key + "\n", StandardCharsets.US_ASCII);
                    System.out.println("ready " + console.url());
                    while (System.in.read() >= 0) {
                        // serve until the driver closes our standard input
                    }
                } finally {
                    if (mirror != null) {
                        mirror.close();
                    }
                }
                System.out.println("audit records: " + audit.size() + (mirror == null ? "" : " mirrored: " + MIRRORED.sum()));
            }
        }
    }
}
