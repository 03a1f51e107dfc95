package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syslog over TLS (RFC 5425) with client certificates, probed with openssl s_client. */
class TlsInputTest {

    static final RecordingBus bus = new RecordingBus();
    static Collector collector;
    static TestPki pki;
    static int port;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        pki = new TestPki(dir);
        collector = Collector.builder()
                .input(InputSpec.of("tls", InputType.SYSLOG_TLS, "127.0.0.1", 0, "datong")
                        .withOption("tls.cert", pki.serverCert.toString())
                        .withOption("tls.key", pki.serverKey.toString())
                        .withOption("tls.client-ca", pki.caCert.toString()))
                .bus(bus)
                .build()
                .start();
        port = collector.boundAddress("tls").getPort();
    }

    @AfterAll
    static void stop() {
        collector.close();
    }

    private static Command.Result sClient(String message, Path cert, Path key) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", TestPki.SERVER_NAME, "-CAfile", pki.caCert.toString(), "-verify_return_error", "-no_ign_eof"));
        if (cert != null) {
            cmd.addAll(List.of("-cert", cert.toString(), "-key", key.toString()));
        }
        return Command.run(cmd, message, 30);
    }

    private static long tlsRejections() {
        return collector.status().get(0).rejected();
    }

    private static boolean arrived(String text) {
        return bus.bodies().stream().anyMatch(b -> b.contains(text));
    }

    @Test
    void a_client_with_a_certificate_from_the_ca_is_heard() {
        Command.Result r = sClient("<13>1 - web1 app - - - hello over tls\n", pki.clientCert, pki.clientKey);
        assertThat(r.output()).contains("Verify return code: 0 (ok)");
        await().atMost(Duration.ofSeconds(10)).until(() -> arrived("hello over tls"));
        assertThat(bus.events().stream().filter(e -> e.bodyAsString().contains("hello over tls")).findFirst().orElseThrow()
                .domain()).isEqualTo("datong");
    }

    @Test
    void a_client_without_a_certificate_is_refused_and_counted() {
        long before = tlsRejections();
        sClient("<13>no cert message\n", null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> tlsRejections() > before);
        assertThat(arrived("no cert message")).isFalse();
    }

    @Test
    void a_client_certificate_the_ca_did_not_sign_is_refused_and_counted() {
        long before = tlsRejections();
        sClient("<13>stranger message\n", pki.strangerCert, pki.strangerKey);
        await().atMost(Duration.ofSeconds(10)).until(() -> tlsRejections() > before);
        assertThat(arrived("stranger message")).isFalse();
    }

    @Test
    void with_optional_client_certificates_a_client_without_one_is_heard_and_a_stranger_is_still_refused() {
        Collector optional = Collector.builder()
                .input(InputSpec.of("tls-optional", InputType.SYSLOG_TLS, "127.0.0.1", 0, "datong")
                        .withOption("tls.cert", pki.serverCert.toString())
                        .withOption("tls.key", pki.serverKey.toString())
                        .withOption("tls.client-ca", pki.caCert.toString())
                        .withOption("tls.client-auth", "optional"))
                .bus(bus)
                .build()
                .start();
        try {
            int optionalPort = optional.boundAddress("tls-optional").getPort();
            java.util.function.BiFunction<Path, Path, Command.Result> send = (cert, key) -> {
                List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + optionalPort,
                        "-servername", TestPki.SERVER_NAME, "-CAfile", pki.caCert.toString(), "-verify_return_error", "-no_ign_eof"));
                if (cert != null) {
                    cmd.addAll(List.of("-cert", cert.toString(), "-key", key.toString()));
                }
                return Command.run(cmd, cert == null ? "<13>optional without a certificate\n" : "<13>optional stranger\n", 30);
            };
            send.apply(null, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> arrived("optional without a certificate"));
            long before = optional.status().get(0).rejected();
            send.apply(pki.strangerCert, pki.strangerKey);
            await().atMost(Duration.ofSeconds(10)).until(() -> optional.status().get(0).rejected() > before);
            assertThat(arrived("optional stranger")).isFalse();
        } finally {
            optional.close();
        }
    }

    @Test
    void plaintext_junk_on_the_tls_port_is_counted_and_the_port_keeps_serving() throws Exception {
        long before = tlsRejections();
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("<13>this is not tls at all\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read(new byte[512])).as("the server answers with an alert or closes").isNotZero();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tlsRejections() > before);
        assertThat(collector.scrapeMetrics()).containsPattern("citywall_collector_rejected_total\\{input=\"tls\",reason=\"tls\",type=\"syslog-tls\"} [1-9]");
        Command.Result ok = sClient("<13>still serving\n", pki.clientCert, pki.clientKey);
        assertThat(ok.output()).contains("Verify return code: 0 (ok)");
        await().atMost(Duration.ofSeconds(10)).until(() -> arrived("still serving"));
    }
}
