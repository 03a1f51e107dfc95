package org.citywall.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.shiro.web.mgt.DefaultWebSecurityManager;
import org.citywall.audit.AuditLog;
import org.citywall.console.alerts.AlertStore;
import org.citywall.console.alerts.Comments;
import org.citywall.console.alerts.Triage;
import org.citywall.console.api.TriageApi;
import org.citywall.console.api.AdminApi;
import org.citywall.console.api.AlertContextApi;
import org.citywall.console.api.AlertStreamApi;
import org.citywall.console.api.AuditApi;
import org.citywall.console.api.DashboardApi;
import org.citywall.console.api.KeyAdminApi;
import org.citywall.console.api.RuleApi;
import org.citywall.console.alerts.AlertContext;
import org.citywall.console.alerts.AlertFeed;
import org.citywall.console.alerts.Dashboard;
import org.citywall.console.ingest.IngestHealth;
import org.citywall.console.ingest.IngestInput;
import org.citywall.console.rules.RuleCatalog;
import org.citywall.console.rules.RuleFiles;
import org.citywall.console.rules.RuleValidator;
import org.citywall.console.ui.WebUi;
import java.time.Clock;
import java.util.function.Supplier;
import org.citywall.console.api.CryptoServiceApi;
import org.citywall.console.apps.AppCredentials;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.pki.CertificateAuthority;
import org.citywall.crypto.service.CryptoService;
import org.citywall.console.api.AccessTrail;
import org.citywall.console.api.AlertApi;
import org.citywall.console.api.ApiRoute;
import org.citywall.console.api.Guard;
import org.citywall.console.api.OpenApiDocument;
import org.citywall.console.api.RouteTable;
import org.citywall.console.api.SessionApi;
import org.citywall.console.security.ConsoleShiroFilter;
import org.citywall.console.security.LoginThrottle;
import org.citywall.console.security.ShiroSetup;
import org.citywall.console.users.Role;
import org.citywall.console.users.User;
import org.citywall.console.users.UserStore;
import org.citywall.event.Json;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console: the web UI at {@code /} (built from {@code console/frontend}, see {@link WebUi}) and
 * the HTTP JSON API under {@code /api/v1}, with Apache Shiro in front. Every API route is in one
 * route table with its access rule; every access is recorded on the audit trail.
 *
 * <pre>{@code
 * try (ConsoleServer console = ConsoleServer.builder()
 *         .dataDirectory(dataDir)
 *         .elasticsearch("http://127.0.0.1:9200")
 *         .port(0)                      // a free port
 *         .auditLog(auditLog)           // the access trail (and alert histories, the auditor's screens)
 *         .keyRing(keyRing)             // crypto service and key administration
 *         .rulesDirectory(dataDir.resolve("rules")).ruleValidator(validator) // rule uploads and switches
 *         .ingestStatus(() -> inputs)   // collector figures for the dashboard
 *         .build().start()) {
 *     console.users().create("alice", List.of(Role.ANALYST), List.of("taiyuan")); // → generated password
 *     System.out.println(console.url());
 * }
 * }</pre>
 *
 * At first start, when the user store is empty, an administrator {@code admin} is created with a
 * generated password that is handed once to {@link Builder#onFirstAdministrator} (by default printed
 * on standard output, never logged); the audit trail records it as made by {@code system}, before it
 * exists (a trail that cannot record it stops the start, and no account is made).
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final Builder cfg;
    private final UserStore users;
    private final AppCredentials apps;
    private Elastic elastic;
    private DefaultWebSecurityManager securityManager;
    private Javalin app;
    private RouteTable routes;
    private AlertFeed feed;
    private AlertStreamApi stream;
    private AccessTrail trail;
    private final ConsoleMetrics metrics = new ConsoleMetrics();

    private ConsoleServer(Builder b) {
        this.cfg = b;
        this.users = b.users != null ? b.users : UserStore.open(b.dataDirectory);
        this.apps = AppCredentials.open(b.dataDirectory);
    }

    /** A builder; {@link Builder#dataDirectory} and {@link Builder#elasticsearch} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the first administrator if needed, connects to Elasticsearch (installing the index
     * templates), and starts listening.
     *
     * @return this, started
     * @throws IllegalStateException when it cannot listen or Elasticsearch refuses the templates
     */
    public synchronized ConsoleServer start() {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        AccessRecorder recorder = cfg.recorder;
        AccessHistory history = object -> List.of();
        if (cfg.auditLog != null) {
            AuditLogRecorder a = new AuditLogRecorder(cfg.auditLog);
            recorder = a;
            history = a;
        }
        AccessTrail trail = new AccessTrail(recorder, cfg.failClosed);
        this.trail = trail;
        users.createFirstAdministrator(() -> recordSystemCreation(UserStore.FIRST_ADMINISTRATOR, List.of(Role.SYSADMIN),
                List.of(User.ALL_DOMAINS))).ifPresent(pw -> cfg.onFirstAdministrator.accept(UserStore.FIRST_ADMINISTRATOR, pw));
        elastic = new Elastic(cfg.elasticsearch);
        try {
            elastic.installTemplates();
        } catch (RuntimeException e) {
            elastic.close();
            throw new IllegalStateException("Elasticsearch at " + cfg.elasticsearch + " is not usable: " + e.getMessage(), e);
        }
        // the cookie is Secure whenever browsers reach the console over TLS: its own, or a proxy's in front
        securityManager = ShiroSetup.securityManager(users, cfg.idleTimeout, cfg.tlsCertificate != null || cfg.behindTlsProxy);
        Comments comments = new Comments(elastic.client());
        comments.ensureIndex();
        AlertStore alertStore = new AlertStore(elastic.client());
        feed = new AlertFeed(elastic.client(), cfg.alertFeedInterval);
        stream = new AlertStreamApi(feed, cfg.alertStreamMaxDuration);
        RuleCatalog rules = new RuleCatalog(new RuleFiles(cfg.rulesDirectory, ConsoleServer.class.getClassLoader()), cfg.ruleValidator);
        routes = new RouteTable()
                .addAll(new SessionApi(cfg.throttle, cfg.idleTimeout, cfg.absoluteTimeout, trail, users).routes())
                .addAll(stream.routes())
                .addAll(new AlertApi(alertStore).routes())
                .addAll(new TriageApi(new Triage(elastic.client()), comments, trail, history, (user, domain) -> users.find(user)
                        .filter(u -> !u.disabled() && u.roles().contains(org.citywall.console.users.Role.ANALYST)
                                && (u.domains().contains(org.citywall.console.users.User.ALL_DOMAINS) || u.domains().contains(domain)))
                        .isPresent()).routes())
                .addAll(new AlertContextApi(alertStore, new AlertContext(elastic.client())).routes())
                .addAll(new DashboardApi(new Dashboard(elastic.client()), new IngestHealth(cfg.ingestStatus, Clock.systemUTC())).routes())
                .addAll(new RuleApi(rules, trail).routes())
                .addAll(new AuditApi(cfg.auditLog, cfg.dataDirectory.resolve("console").resolve("exports"),
                        new org.citywall.console.audit.ElasticsearchAuditReplica(elastic.client())).routes())
                .addAll(new AdminApi(users, apps, trail).routes())
                .addAll(new org.citywall.console.api.PasswordApi(users, cfg.throttle, trail).routes())
                .addAll(new KeyAdminApi(cfg.keyRing, trail).routes());
        CryptoServiceApi crypto = new CryptoServiceApi(apps, trail);
        if (cfg.keyRing != null) {
            crypto.service(new CryptoService(cfg.keyRing, crypto.authorizer(), crypto.auditHook(), cfg.maxCryptoPayload,
                    cfg.certificateAuthority, cfg.platformKeys));
        }
        routes.addAll(crypto.routes());
        routes.addAll(List.of(ApiRoute.get("/api/v1/openapi.json", org.citywall.console.api.Access.open(),
                "This OpenAPI document", ctx -> ctx.json(OpenApiDocument.of(routes.routes())))));
        Guard guard = new Guard(cfg.absoluteTimeout, users);
        app = Javalin.create(c -> {
            c.jetty.host = cfg.host;
            c.jetty.port = cfg.port;
            if (cfg.tlsCertificate != null) {
                java.security.KeyStore identity = TlsFiles.keyStore(cfg.tlsCertificate, cfg.tlsKey);
                c.jetty.addConnector((server, http) -> TlsFiles.httpsConnector(server, http, identity, cfg.host, cfg.port));
            }
            if (cfg.behindTlsProxy) {
                // the proxy's X-Forwarded-Proto / Forwarded headers give the scheme browsers used (origin check, HSTS)
                c.jetty.modifyHttpConfiguration(h -> h.addCustomizer(new org.eclipse.jetty.server.ForwardedRequestCustomizer()));
            }
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            // a body is one JSON value: "{}}" or "{} x" is a client error, not "{}"
            c.jsonMapper(new JavalinJackson(Json.MAPPER.copy()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS), false));
            c.http.maxRequestSize = cfg.maxRequestBytes;
            c.jetty.modifyServletContextHandler(h -> h.addFilter(new FilterHolder(new ConsoleShiroFilter(securityManager)),
                    "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC)));
            WebUi.install(c);
            c.routes.before(SecurityHeaders::apply);
            c.routes.before(ctx -> ctx.attribute(ConsoleMetrics.ATTR, metrics));
            c.routes.before(ctx -> ctx.attribute(org.citywall.console.api.Requests.MAX_BODY, (long) cfg.maxRequestBytes));
            c.routes.beforeMatched(guard::check);
            c.routes.afterMatched(trail::afterRequest);
            for (ApiRoute r : routes.routes()) {
                c.routes.addHttpHandler(r.method(), r.path(), r.handler(), r.access());
            }
            ErrorAnswers.install(c);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("console cannot listen on " + cfg.host + ":" + cfg.port + ": " + e.getMessage(), e);
        }
        LOG.info("console.started url={}", url());
        return this;
    }

    /**
     * The console's error answers counted by code and status
     * ({@code citywall_console_errors_total{code,status}}), as Prometheus text.
     */
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    /** Whether its HTTP server is up and serving (false once stopped or if Jetty died). */
    public boolean isRunning() {
        return app != null && app.jettyServer().server().isRunning();
    }

    /** The port it listens on (the chosen free one when built with port 0). */
    public int port() {
        return app.port();
    }

    /** {@code https://host:port} with TLS, else {@code http://host:port}. */
    public String url() {
        return (cfg.tlsCertificate != null ? "https://" : "http://") + cfg.host + ":" + port();
    }

    /** The accounts; create users here (see {@link UserStore#create}). */
    public UserStore users() {
        return users;
    }

    /**
     * Creates an account on the platform's own behalf (the demo's users, for one): recorded on the
     * audit trail as {@code system} {@code user.create} (roles and domains, never the password)
     * before it exists.
     *
     * @return the generated password, once
     * @throws IllegalStateException    before {@link #start()}, or when the trail refuses the record
     * @throws IllegalArgumentException as {@link UserStore#create}
     */
    public String createUserAsSystem(String username, Collection<Role> roles, Collection<String> domains) {
        if (trail == null) {
            throw new IllegalStateException("start the console first: its audit trail records the account");
        }
        recordSystemCreation(username, roles, domains);
        try {
            return users.create(username, roles, domains);
        } catch (RuntimeException e) {
            // the account's history shows the creation did not happen after all
            trail.record(new AccessRecord("system", null, null, "user.create", "user:" + username, "failure", null, null,
                    Map.of("error", e.getClass().getSimpleName())));
            throw e;
        }
    }

    /** Records that the platform itself creates an account; fails the caller when the trail cannot record it. */
    private void recordSystemCreation(String username, Collection<Role> roles, Collection<String> domains) {
        try {
            trail.record(new AccessRecord("system", null, null, "user.create", "user:" + username, "success", null, null,
                    Map.of("roles", roles.stream().map(Role::wireName).sorted().toList(), "domains", List.copyOf(domains))));
        } catch (org.citywall.console.api.ApiException e) {
            throw new IllegalStateException("the audit trail cannot record the creation of '" + username + "'; it was not made", e);
        }
    }

    /**
     * Applications' API keys for the crypto service: {@code apps().create("billing", List.of("crypto:sign:invoices"))}
     * returns the key once.
     */
    public AppCredentials apps() {
        return apps;
    }

    /** The installed routes with their access rules. */
    public List<ApiRoute> routes() {
        return routes.routes();
    }

    /** Stops listening and releases Elasticsearch connections and Shiro's session scheduler. */
    @Override
    public synchronized void close() {
        if (stream != null) {
            stream.close();
        }
        if (feed != null) {
            feed.close();
        }
        if (app != null) {
            app.stop();
        }
        if (securityManager != null) {
            securityManager.destroy();
        }
        if (elastic != null) {
            elastic.close();
        }
        app = null;
    }

    /** Settings for a {@link ConsoleServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private Path dataDirectory;
        private List<String> elasticsearch = new ArrayList<>();
        private UserStore users;
        private Duration idleTimeout = Duration.ofMinutes(30);
        private Duration absoluteTimeout = Duration.ofHours(8);
        private LoginThrottle throttle = LoginThrottle.standard();
        private AccessRecorder recorder = r -> { };
        private AuditLog auditLog;
        private KeyRing keyRing;
        private Set<String> platformKeys = Set.of();
        private Path tlsCertificate;
        private Path tlsKey;
        private boolean behindTlsProxy;
        private CertificateAuthority certificateAuthority;
        private int maxCryptoPayload = CryptoService.DEFAULT_MAX_PAYLOAD;
        private Set<String> failClosed = Set.of("console", "alert", "event", "dashboard", "ingest", "user", "rule", "key", "appcred",
                "crypto", "audit");
        private long maxRequestBytes = 2 * 1024 * 1024;
        private Path rulesDirectory;
        private RuleValidator ruleValidator;
        private Supplier<List<IngestInput>> ingestStatus;
        private Duration alertFeedInterval = Duration.ofSeconds(2);
        private Duration alertStreamMaxDuration = Duration.ofMinutes(5);
        private BiConsumer<String, String> onFirstAdministrator = (user, pw) -> System.out.println(
                "CityWall console: first administrator '" + user + "' created with password: " + pw
                        + "\n(shown once; change it after logging in)");

        private Builder() {}

        /**
         * Serves HTTPS only (TLS 1.2 and 1.3), with the certificate chain (leaf first) and the unencrypted
         * private key from these PEM files; the session cookie is then Secure and HSTS is sent.
         */
        public Builder tls(Path certificateChainPem, Path privateKeyPem) {
            this.tlsCertificate = Objects.requireNonNull(certificateChainPem);
            this.tlsKey = Objects.requireNonNull(privateKeyPem);
            return this;
        }

        /**
         * Behind a TLS-terminating proxy: trusts its {@code X-Forwarded-Proto}/{@code Forwarded} headers for
         * the scheme browsers used and marks the session cookie Secure. Only where nothing else reaches
         * the console's port.
         */
        public Builder behindTlsProxy(boolean behind) {
            this.behindTlsProxy = behind;
            return this;
        }

        /** The address to listen on; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The port; 0 (the default) takes a free one, see {@link ConsoleServer#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The data directory; the console keeps its files under {@code <dir>/console}. Required. */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = dir;
            return this;
        }

        /** Elasticsearch base URLs, e.g. {@code http://127.0.0.1:9200}. At least one is required. */
        public Builder elasticsearch(String... urls) {
            this.elasticsearch = List.of(urls);
            return this;
        }

        /** Elasticsearch base URLs. */
        public Builder elasticsearch(List<String> urls) {
            this.elasticsearch = List.copyOf(urls);
            return this;
        }

        /** The user store; default {@link UserStore#open} on the data directory. */
        public Builder users(UserStore users) {
            this.users = users;
            return this;
        }

        /** A session unused this long expires; default 30 minutes. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        /** A session ends this long after log-in whatever its use; default 8 hours. */
        public Builder absoluteTimeout(Duration d) {
            this.absoluteTimeout = d;
            return this;
        }

        /** The log-in lockout policy; default {@link LoginThrottle#standard()}. */
        public Builder loginThrottle(LoginThrottle t) {
            this.throttle = t;
            return this;
        }

        /** Where every access is recorded (the audit log). Default: nowhere. */
        public Builder accessRecorder(AccessRecorder r) {
            this.recorder = r;
            return this;
        }

        /**
         * The audit module's log: every access is appended to it (overrides {@link #accessRecorder}),
         * and alert histories are read from it. The caller opens and closes it.
         */
        public Builder auditLog(AuditLog log) {
            this.auditLog = log;
            return this;
        }

        /**
         * Action classes whose requests are refused (503 {@code audit_unavailable}) when their record
         * cannot be made durable; default every class the console records.
         */
        public Builder failClosed(Set<String> actionClasses) {
            this.failClosed = Set.copyOf(actionClasses);
            return this;
        }

        /** The key ring the crypto service uses; without one, {@code /api/v1/crypto/...} answers 503. */
        public Builder keyRing(KeyRing ring) {
            this.keyRing = ring;
            return this;
        }

        /**
         * Keys of {@link #keyRing} the platform signs with (audit tree heads, the CA): applications may
         * verify with them but never sign, encrypt or rotate, whatever their grants say.
         */
        public Builder platformKeys(Set<String> names) {
            this.platformKeys = Set.copyOf(names);
            return this;
        }

        /** The CA that issues certificates through the crypto service; optional. */
        public Builder certificateAuthority(CertificateAuthority ca) {
            this.certificateAuthority = ca;
            return this;
        }

        /** Largest decoded crypto input; default {@link CryptoService#DEFAULT_MAX_PAYLOAD}. */
        public Builder maxCryptoPayload(int bytes) {
            this.maxCryptoPayload = bytes;
            return this;
        }

        /** Largest request body accepted; default 2 MiB (base64 of a 1 MiB crypto payload fits). */
        public Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        /**
         * The rules directory the detection job watches ({@code DATA/rules}): rules uploaded in the
         * console are written there, and rules disabled there are kept in one filter file in it.
         * Without it the rule catalog shows the built-in pack only and is read-only.
         */
        public Builder rulesDirectory(Path dir) {
            this.rulesDirectory = dir;
            return this;
        }

        /**
         * Validates rule files exactly as the detection job loads them (the detection module's
         * {@code RuleSet}; see {@link RuleValidator}). Without it uploads and switches are refused
         * with 503 {@code rules_read_only}.
         */
        public Builder ruleValidator(RuleValidator validator) {
            this.ruleValidator = validator;
            return this;
        }

        /**
         * The collector's per-input counters for the dashboard's ingest health (the app maps the
         * collector's {@code status()} to {@link IngestInput}s). Optional.
         */
        public Builder ingestStatus(Supplier<List<IngestInput>> status) {
            this.ingestStatus = status;
            return this;
        }

        /** How often the live alert stream looks for new and changed alerts; default 2 s. */
        public Builder alertFeedInterval(Duration d) {
            this.alertFeedInterval = d;
            return this;
        }

        /** How long one live alert stream lasts before the browser reconnects (and is checked again); default 5 min. */
        public Builder alertStreamMaxDuration(Duration d) {
            this.alertStreamMaxDuration = d;
            return this;
        }

        /** Receives the first administrator's name and generated password, once. */
        public Builder onFirstAdministrator(BiConsumer<String, String> listener) {
            this.onFirstAdministrator = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * @throws IllegalArgumentException when the data directory or Elasticsearch is missing
         */
        public ConsoleServer build() {
            if (dataDirectory == null) {
                throw new IllegalArgumentException("dataDirectory is required");
            }
            if (elasticsearch.isEmpty()) {
                throw new IllegalArgumentException("at least one Elasticsearch URL is required");
            }
            return new ConsoleServer(this);
        }
    }
}
