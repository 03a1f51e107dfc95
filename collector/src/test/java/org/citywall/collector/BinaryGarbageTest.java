package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.Test;

/**
 * Binary junk on the plain TCP and UDP inputs, over real sockets. Nothing is dropped silently: frames with NUL bytes
 * or that are not UTF-8 reach the bus byte for byte and are counted as binary; a TLS handshake on a plain
 * port is refused, counted and closed; and the collector keeps serving everyone else.
 */
class BinaryGarbageTest extends OneCollectorPerTest {

    private static InputSpec input(InputType type) {
        return InputSpec.of("in", type, "127.0.0.1", 0, "taiyuan");
    }

    private double counter(String name, String... tags) {
        return collector.meterRegistry().get("citywall.collector." + name).tags(tags).counter().count();
    }

    private static void send(Socket s, byte[] bytes) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(5000);
        try {
            InputStream in = s.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** The start of a TLS 1.2 ClientHello as any TLS client sends it first: record header 16 03 01, then the hello. */
    private static byte[] clientHello() {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.writeBytes(new byte[] {0x03, 0x03});
        hello.writeBytes(new byte[32]); // random
        hello.writeBytes(new byte[] {0x00, 0x00, 0x02, 0x00, 0x2f, 0x01, 0x00}); // no session, one suite, no compression
        byte[] body = hello.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) (body.length + 4), 0x01, 0x00, 0x00, (byte) body.length});
        record.writeBytes(body);
        return record.toByteArray();
    }

    @Test
    void frames_with_nul_bytes_or_not_utf8_reach_the_bus_unchanged_and_are_counted_by_kind() throws Exception {
        int port = start(input(InputType.SYSLOG_TCP));
        byte[] nul = "<13>before\0after".getBytes(StandardCharsets.US_ASCII);
        byte[] gbk = "<13>用户张三登录".getBytes(Charset.forName("GBK"));
        byte[] utf8 = "<13>用户张三登录".getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", port)) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (byte[] line : List.of(nul, gbk, utf8)) {
                stream.writeBytes(line);
                stream.write('\n');
            }
            send(s, stream.toByteArray());
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.events().size() == 3);
        }
        assertThat(bus.events()).extracting(RawEvent::body).containsExactly(nul, gbk, utf8);
        assertThat(counter("binary.frames", "kind", "nul")).isEqualTo(1);
        assertThat(counter("binary.frames", "kind", "not_utf8")).isEqualTo(1);
        assertThat(collector.status().get(0).frames()).isEqualTo(3);
        assertThat(collector.scrapeMetrics())
                .contains("citywall_collector_binary_frames_total{input=\"in\",kind=\"nul\",type=\"syslog-tcp\"} 1.0");
    }

    @Test
    void datagrams_with_nul_bytes_or_not_utf8_reach_the_bus_unchanged_and_are_counted_by_kind() throws Exception {
        int port = start(input(InputType.SYSLOG_UDP));
        byte[] nul = "<13>before\0after".getBytes(StandardCharsets.US_ASCII);
        byte[] gbk = "<13>用户张三登录".getBytes(Charset.forName("GBK"));
        byte[] utf8 = "<13>用户张三登录".getBytes(StandardCharsets.UTF_8);
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            for (byte[] d : List.of(nul, gbk, utf8)) {
                int before = bus.events().size(); // counted before sending: the datagram may arrive at once
                s.send(new java.net.DatagramPacket(d, d.length, java.net.InetAddress.getLoopbackAddress(), port));
                await().atMost(Duration.ofSeconds(5)).until(() -> bus.events().size() == before + 1); // in order
            }
        }
        assertThat(bus.events()).extracting(RawEvent::body).containsExactly(nul, gbk, utf8);
        assertThat(counter("binary.frames", "kind", "nul")).isEqualTo(1);
        assertThat(counter("binary.frames", "kind", "not_utf8")).isEqualTo(1);
    }

    @Test
    void random_bytes_arrive_as_the_framer_cuts_them_every_byte_accounted_and_others_are_still_served() throws Exception {
        int port = start(input(InputType.SYSLOG_TCP));
        byte[] junk = new byte[300_000];
        new Random(20261129).nextBytes(junk);
        junk[0] = 'x'; // not a TLS record header: that case has its own test
        // what the framer makes of these bytes on its own is what must reach the bus
        SyslogFramer reference = new SyslogFramer(64 * 1024, true, true);
        CollectedFrames expected = new CollectedFrames();
        var buffer = Unpooled.wrappedBuffer(junk);
        reference.decode(buffer, expected);
        reference.finish(buffer, expected);
        long nul = expected.bodies.stream().filter(b -> FrameText.kind(b) == FrameText.NUL).count();
        long notUtf8 = expected.bodies.stream().filter(b -> FrameText.kind(b) == FrameText.NOT_UTF8).count();
        assertThat(nul).as("random bytes make NUL frames").isPositive();

        try (Socket junkSender = new Socket("127.0.0.1", port)) {
            send(junkSender, junk);
            junkSender.shutdownOutput();
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.events().size() == expected.bodies.size());
        }
        try (Socket other = new Socket("127.0.0.1", port)) {
            send(other, "<13>still served\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.events().size() == expected.bodies.size() + 1);
        }
        List<byte[]> got = bus.events().stream().map(RawEvent::body).toList();
        assertThat(got.subList(0, expected.bodies.size())).containsExactlyElementsOf(expected.bodies);
        assertThat(bus.events().get(expected.bodies.size()).bodyAsString()).isEqualTo("<13>still served");
        assertThat(counter("binary.frames", "kind", "nul")).isEqualTo(nul);
        assertThat(counter("binary.frames", "kind", "not_utf8")).isEqualTo(notUtf8);
        assertThat(collector.meterRegistry().get("citywall.collector.skipped.bytes").counter().count())
                .isEqualTo(expected.skipped);
        long bodies = expected.bodies.stream().mapToLong(b -> b.length).sum();
        assertThat(bodies + expected.skipped + reference.framingBytes()).isEqualTo(junk.length);
    }

    @Test
    void a_tls_client_hello_on_a_plain_json_lines_port_is_refused_counted_and_closed_and_others_are_served()
            throws Exception {
        int port = start(input(InputType.JSON_TCP));
        byte[] hello = clientHello();
        try (Socket tls = new Socket("127.0.0.1", port)) {
            send(tls, hello);
            assertThat(closedByServer(tls)).isTrue();
        }
        try (Socket other = new Socket("127.0.0.1", port)) {
            send(other, "{\"ok\":true}\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.events().size() == 1);
        }
        assertThat(bus.bodies()).containsExactly("{\"ok\":true}");
        assertThat(counter("rejected", "reason", "tls_on_plain_port")).isEqualTo(1);
        assertThat(collector.meterRegistry().get("citywall.collector.skipped.bytes").counter().count())
                .as("the handshake's bytes").isEqualTo(hello.length);
    }

    @Test
    void a_tls_client_hello_on_a_plain_relp_port_is_refused_as_tls_not_as_a_framing_error() throws Exception {
        int port = start(input(InputType.RELP));
        try (Socket tls = new Socket("127.0.0.1", port)) {
            send(tls, clientHello());
            assertThat(closedByServer(tls)).isTrue();
        }
        assertThat(counter("rejected", "reason", "tls_on_plain_port")).isEqualTo(1);
        assertThat(counter("rejected", "reason", "framing")).isZero();
        assertThat(bus.events()).isEmpty();
    }
}
