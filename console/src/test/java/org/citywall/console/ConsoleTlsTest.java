package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.citywall.console.users.Role;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.event.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console on its own TLS: HTTPS only, Secure cookie, HSTS; and clear errors for unusable key files. */
class ConsoleTlsTest {
    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static ConsoleServer console;
    static X509Certificate certificate;
    static String password;

    @BeforeAll
    static void start() throws Exception {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        // the certificate and key as operators make them: with the OpenSSL command line
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                "-subj", "/CN=console.test", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", dir.resolve("console.key").toString(), "-out", dir.resolve("console.crt").toString());
        // and the key once more in the traditional "EC PRIVATE KEY" form older tools write
        openssl("ec", "-in", dir.resolve("console.key").toString(), "-out", dir.resolve("console-traditional.key").toString());
        assertThat(Files.readString(dir.resolve("console-traditional.key"))).contains("BEGIN EC PRIVATE KEY");
        try (var in = Files.newInputStream(dir.resolve("console.crt"))) {
            certificate = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url())
                .tls(dir.resolve("console.crt"), dir.resolve("console.key")).onFirstAdministrator((u, pw) -> { }).build().start();
        password = console.users().create("tina", List.of(Role.ANALYST), List.of("taiyuan"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestResources.closeAll(console, es);
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("openssl %s: %s", args[0], out).isZero();
    }

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    private static HttpClient trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("console", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void it_serves_https_with_a_secure_session_cookie_and_hsts() throws Exception {
        assertThat(console.url()).startsWith("https://");
        HttpResponse<String> login = trusting().send(HttpRequest.newBuilder(URI.create(console.url() + "/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(java.util.Map.of("username", "tina", "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("CW_SESSION").contains("Secure")
                .contains("HttpOnly"));
        assertThat(login.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age="));
    }

    @Test
    void plain_http_on_the_same_port_gets_no_console() {
        String plain = console.url().replace("https://", "http://");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(plain + "/api/v1/session")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("plain HTTP must not reach a handler").isEqualTo(400);
        } catch (java.io.IOException | InterruptedException refused) {
            // the TLS connector dropping a plain-text request is as good
        }
    }

    @Test
    void a_key_in_the_traditional_openssl_form_serves_too() throws Exception {
        try (ConsoleServer other = ConsoleServer.builder().dataDirectory(dir.resolve("data3")).elasticsearch(es.url())
                .tls(dir.resolve("console.crt"), dir.resolve("console-traditional.key")).onFirstAdministrator((u, pw) -> { }).build().start()) {
            HttpResponse<String> r = trusting().send(HttpRequest.newBuilder(URI.create(other.url() + "/api/v1/session")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void a_key_file_without_a_key_is_a_clear_error_at_start() throws Exception {
        Files.writeString(dir.resolve("not-a-key.pem"), pem(certificate));
        assertThatThrownBy(() -> ConsoleServer.builder().dataDirectory(dir.resolve("data2")).elasticsearch(es.url())
                .tls(dir.resolve("console.crt"), dir.resolve("not-a-key.pem")).onFirstAdministrator((u, pw) -> { }).build().start())
                .hasMessageContaining("not-a-key.pem").hasMessageContaining("no unencrypted private key");
    }
}
