package org.citywall.console.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citywall.audit.AuditLog;
import org.citywall.audit.TreeHeadSigner;
import org.citywall.console.ConsoleServer;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;

/**
 * The server side of the signing-service load command ({@code console/bench/sign-load.sh}): a real
 * console with Elasticsearch, a real audit log (every signature is recorded durably) and an SM2
 * key, plus an application credential permitted to sign with it. Writes {@code url} and
 * {@code key} lines to {@code args[1]} and serves until standard input closes.
 */
public final class SigningServiceLoadServer {
    private SigningServiceLoadServer() {}

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
                Files.writeString(info, "url=" + console.url() + "\nkey=" + key + "\n", StandardCharsets.US_ASCII);
                System.out.println("ready " + console.url());
                while (System.in.read() >= 0) {
                    // serve until the driver closes our standard input
                }
                System.out.println("audit records: " + audit.size());
            }
        }
    }
}
