package org.citywall.app.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citywall.collector.Collector;
import org.citywall.console.ConsoleServer;
import org.citywall.console.ingest.IngestInput;
import org.citywall.console.rules.RuleProblem;
import org.citywall.console.rules.RuleText;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.detection.sigma.RuleSetBuilder;
import org.citywall.console.users.Role;
import org.citywall.event.Json;

/**
 * The console in the embedded platform, with demo users for the person trying it: generated
 * passwords, written once to {@code DATA/demo-users.json} (owner read/write only); the platform
 * keeps only their hashes.
 */
final class ConsoleRuntime implements AutoCloseable {
    static final String DEMO_USERS_FILE = "demo-users.json";

    private final ConsoleServer server;
    private final PlatformKeys keys;
    private final AuditMirror mirror;

    private ConsoleRuntime(ConsoleServer server, PlatformKeys keys, AuditMirror mirror) {
        this.server = server;
        this.keys = keys;
        this.mirror = mirror;
    }

    static ConsoleRuntime start(PlatformSettings settings, String elasticsearchUrl, Collector collector) throws IOException {
        Map<String, Object> shownOnce = new LinkedHashMap<>();
        ConsoleRuntime runtime = open(settings.dataDir(), "127.0.0.1", settings.port(PlatformSettings.CONSOLE_PORT),
                settings.rulesDir(), List.of(elasticsearchUrl), ConsoleTls.NONE, () -> ingest(collector),
                (name, password) -> shownOnce.put(name, account(password, List.of("sysadmin"), List.of("*"))));
        try {
            createDemoUsers(runtime.server, settings.domain(), shownOnce);
            if (!shownOnce.isEmpty()) {
                writeOnce(settings.dataDir().resolve(DEMO_USERS_FILE), shownOnce);
            }
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /**
     * The console and crypto service on {@code host:port} with its users, key ring and audit log under
     * {@code dataDir}, alerts and the audit copy in {@code elasticsearch}.
     *
     * @param ingest     the collector figures the dashboard shows (empty when no collector runs here)
     * @param firstAdmin told the name and generated password of the first administrator, once
     */
    static ConsoleRuntime open(Path dataDir, String host, int port, Path rulesDir, List<String> elasticsearch, ConsoleTls tls,
            java.util.function.Supplier<List<IngestInput>> ingest, java.util.function.BiConsumer<String, String> firstAdmin)
            throws IOException {
        PlatformKeys keys = PlatformKeys.open(dataDir);
        ConsoleServer server;
        try {
            ConsoleServer.Builder b = ConsoleServer.builder();
            if (tls.certificate() != null) {
                b.tls(tls.certificate(), tls.key());
            }
            server = b.behindTlsProxy(tls.behindProxy())
                .host(host)
                .port(port)
                .dataDirectory(dataDir)
                .elasticsearch(elasticsearch)
                .auditLog(keys.auditLog)
                .keyRing(keys.keyRing)
                .platformKeys(java.util.Set.of(PlatformKeys.AUDIT_KEY, PlatformKeys.CA_KEY))
                .certificateAuthority(keys.ca)
                .rulesDirectory(rulesDir)
                .ruleValidator(ConsoleRuntime::validateRules)
                .ingestStatus(ingest)
                .onFirstAdministrator(firstAdmin)
                .build()
                .start();
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        return new ConsoleRuntime(server, keys, AuditMirror.start(keys.auditLog, elasticsearch));
    }

    /** The console's audit log (the platform's access trail). */
    org.citywall.audit.AuditLog auditLog() {
        return keys.auditLog;
    }

    /** What the detection job would make of a rule set: the console refuses changes that add a rejection. */
    private static List<RuleProblem> validateRules(List<RuleText> sources) {
        RuleSetBuilder b = RuleSet.builder();
        sources.forEach(src -> b.addYaml(src.origin(), src.yaml()));
        return b.build().rejections().stream()
                .map(r -> new RuleProblem(r.origin(), r.line(), r.rule(), r.reason()))
                .toList();
    }

    /** The collector's per-input figures for the dashboard's ingest health. */
    private static List<IngestInput> ingest(Collector collector) {
        return collector.status().stream()
                .map(s -> new IngestInput(s.name(), s.type(), s.domain(),
                        s.address().getAddress().getHostAddress() + ":" + s.address().getPort(), s.frames(), s.bytes(),
                        s.oversized(), s.rejected(), s.dropped(), s.openConnections(), s.busErrors(), s.busLatencyMeanMillis()))
                .toList();
    }

    /** The demo's analyst, auditor and security administrator, each made once and recorded as made by the system. */
    static void createDemoUsers(ConsoleServer server, String domain, Map<String, Object> shownOnce) {
        demo(server, shownOnce, "analyst", Set.of(Role.ANALYST), List.of(domain));
        demo(server, shownOnce, "auditor", Set.of(Role.AUDITOR), List.of("*"));
        demo(server, shownOnce, "secadmin", Set.of(Role.SECADMIN), List.of("*"));
    }

    private static void demo(ConsoleServer server, Map<String, Object> shownOnce, String name, Set<Role> roles, List<String> domains) {
        if (server.users().find(name).isEmpty()) {
            String password = server.createUserAsSystem(name, roles, domains);
            shownOnce.put(name, account(password, roles.stream().map(Role::wireName).toList(), domains));
        }
    }

    private static Map<String, Object> account(String password, List<String> roles, List<String> domains) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("password", password);
        m.put("roles", roles);
        m.put("domains", domains);
        return m;
    }

    /**
     * Writes the generated passwords for the person trying the demo: created with mode 600 before
     * any byte is written, never overwritten (a later start creates no new passwords).
     */
    private static void writeOnce(Path file, Map<String, Object> accounts) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("note", "Generated demo passwords, shown once. CityWall stores only their hashes. Delete this file after reading.");
        doc.put("users", accounts);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, Json.write(doc) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        if (Files.exists(file)) {
            // earlier accounts were shown before; keep that file and add the new ones beside it
            Files.move(tmp, file.resolveSibling("demo-users-" + System.currentTimeMillis() + ".json"));
        } else {
            Files.move(tmp, file);
        }
    }

    String url() {
        return server.url();
    }

    ConsoleServer server() {
        return server;
    }

    @Override
    public void close() throws IOException {
        server.close();
        mirror.close();
        keys.close(); // after the console: its last requests are recorded and a final tree head signed
    }
}
