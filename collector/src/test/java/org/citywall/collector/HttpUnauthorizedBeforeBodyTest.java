package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request to an ingest endpoint without a valid token is answered 401 from its headers alone, before its
 * body is sent, and its connection closed: none of its body is charged to the collector's in-flight budget.
 */
class HttpUnauthorizedBeforeBodyTest {

    static final String TOKEN = "tk-early-0123456789abcdef";
    static final RecordingBus bus = new RecordingBus();
    static Collector collector;
    static int port;

    @BeforeAll
    static void start() {
        collector = Collector.builder()
                .input(InputSpec.of("http", InputType.HTTP, "127.0.0.1", 0, "province")
                        .withOption("tokens", TOKEN + "=taiyuan"))
                .bus(bus)
                .build()
                .start();
        port = collector.boundAddress("http").getPort();
    }

    @AfterAll
    static void stop() {
        collector.close();
    }

    private static double metric(String prefix, String contains) {
        return collector.scrapeMetrics().lines()
                .filter(l -> l.startsWith(prefix) && l.contains(contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static double authRejections() {
        return metric("citywall_collector_rejected_total{", "reason=\"auth\"");
    }

    private static double inflightBytes() {
        return collector.meterRegistry().get("citywall.collector.inflight.bytes").gauge().value();
    }

    /** Reads until the peer closes (or 5 s pass, which fails the read with a timeout). */
    private static String readAll(Socket s) throws Exception {
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Socket headersOnly(String method, String path, String authorization, long contentLength)
            throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        OutputStream out = s.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    @Test
    void a_bad_token_gets_401_before_the_body_is_sent_and_charges_nothing() throws Exception {
        double rejected = authRejections();
        double inflight = inflightBytes();
        List<Socket> sockets = new ArrayList<>();
        try {
            // headers declaring 7 MiB (under max-body-bytes), body never sent; the answer must come anyway
            sockets.add(headersOnly("POST", "/ingest", "Bearer wrong-token-0123456789", 7L << 20));
            sockets.add(headersOnly("POST", "/ingest", null, 7L << 20));
            sockets.add(headersOnly("POST", "/_bulk", "ApiKey bm9wZTpub3Bl", 7L << 20));
            sockets.add(headersOnly("POST", "/services/collector/event", "Splunk wrong-token-0123456789", 7L << 20));
            String[] answers = new String[sockets.size()];
            for (int i = 0; i < sockets.size(); i++) {
                answers[i] = readAll(sockets.get(i)); // closed by the server after its 401
            }
            for (String a : answers) {
                assertThat(a).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
            }
            assertThat(answers[0]).contains("missing or unknown token");
            assertThat(answers[3]).contains("\"code\"");
            assertThat(authRejections()).isEqualTo(rejected + 4);
            assertThat(inflightBytes()).isEqualTo(inflight);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void endpoints_that_need_no_token_still_answer_without_one_and_a_good_token_still_stores() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readAll(s)).startsWith("HTTP/1.1 200");
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET /services/collector/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readAll(s)).startsWith("HTTP/1.1 200");
        }
        int before = bus.attempts();
        String body = "{\"n\":1}\n{\"n\":2}\n";
        try (Socket s = headersOnly("POST", "/ingest", "Bearer " + TOKEN, body.length())) {
            OutputStream out = s.getOutputStream();
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            // a second request on the same connection: keep-alive still works after a good one
            out.write(("POST /ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = readAll(s);
            assertThat(answers).startsWith("HTTP/1.1 200");
            assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(3);
        }
        assertThat(bus.attempts()).isEqualTo(before + 4);
    }
}
