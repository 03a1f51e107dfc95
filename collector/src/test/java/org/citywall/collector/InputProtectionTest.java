package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Limits, timeouts, malformed framing and backpressure, each against a real socket. */
class InputProtectionTest extends OneCollectorPerTest {

    private static InputSpec tcp() {
        return InputSpec.of("tcp", InputType.SYSLOG_TCP, "127.0.0.1", 0, "taiyuan");
    }

    private String scrape() {
        return collector.scrapeMetrics();
    }

    /** True when the server closed the socket (read returns -1) within the timeout. */
    private static boolean closedByServer(Socket s, int timeoutMillis) throws IOException {
        s.setSoTimeout(timeoutMillis);
        try {
            InputStream in = s.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A started sender of {@code total} numbered lines as fast as TCP takes them, counting the bytes written. */
    private static Thread flood(int port, int total, String label, AtomicLong written) {
        Thread sender = new Thread(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 8192);
                for (int i = 0; i < total; i++) {
                    byte[] line = ("<13>" + label + " message number " + i + " " + "pad".repeat(20) + "\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    out.write(line);
                    written.addAndGet(line.length);
                }
                out.flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        sender.start();
        return sender;
    }

    @Test
    void connections_over_the_per_peer_limit_are_closed_at_once_and_counted() throws Exception {
        int port = start(tcp().withOption("max-connections-per-peer", "2"));
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port);
             Socket c = new Socket("127.0.0.1", port)) {
            // the three are admitted on different event loops: any one of them may be the one too many
            await().atMost(Duration.ofSeconds(5)).until(() -> collector.status().get(0).rejected() == 1);
            java.util.List<Socket> open = new java.util.ArrayList<>();
            for (Socket s : java.util.List.of(a, b, c)) {
                if (!closedByServer(s, 300)) {
                    open.add(s);
                }
            }
            assertThat(open).hasSize(2);
            send(open.get(0), "<13>from one\n");
            send(open.get(1), "<13>from two\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.events().size() == 2);
        }
        assertThat(scrape()).contains("reason=\"peer_connection_limit\"");
        assertThat(collector.status().get(0).rejected()).isEqualTo(1);
    }

    @Test
    void connections_over_the_input_limit_are_closed_and_a_freed_slot_is_reused() throws Exception {
        int port = start(tcp().withOption("max-connections", "1"));
        try (Socket a = new Socket("127.0.0.1", port)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> collector.status().get(0).openConnections() == 1);
            try (Socket b = new Socket("127.0.0.1", port)) {
                assertThat(closedByServer(b, 5000)).isTrue();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> collector.status().get(0).openConnections() == 0);
        try (Socket again = new Socket("127.0.0.1", port)) {
            send(again, "<13>after the slot freed\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.bodies().contains("<13>after the slot freed"));
        }
        assertThat(scrape()).contains("reason=\"connection_limit\"");
    }

    @Test
    void an_idle_connection_is_closed() throws Exception {
        int port = start(tcp().withOption("idle-timeout", "300ms"));
        try (Socket s = new Socket("127.0.0.1", port)) {
            send(s, "<13>then silence\n");
            assertThat(closedByServer(s, 5000)).isTrue();
        }
        assertThat(bus.bodies()).containsExactly("<13>then silence");
        assertThat(scrape()).containsPattern("citywall_collector_closed_total\\{input=\"tcp\",reason=\"idle\",type=\"syslog-tcp\"} 1");
    }

    @Test
    void a_sender_trickling_one_frame_forever_is_closed_as_slow() throws Exception {
        int port = start(tcp().withOption("frame-timeout", "400ms"));
        try (Socket s = new Socket("127.0.0.1", port)) {
            long until = System.nanoTime() + 5_000_000_000L;
            boolean closed = false;
            try {
                send(s, "<13>a frame that never ends");
                while (System.nanoTime() < until) {
                    send(s, "x");
                    Thread.sleep(50);
                }
            } catch (IOException resetByServer) {
                closed = true;
            }
            assertThat(closed || closedByServer(s, 1000)).isTrue();
        }
        assertThat(scrape()).containsPattern("reason=\"slow_sender\",type=\"syslog-tcp\"} 1");
    }

    @Test
    void a_busy_sender_with_partial_frames_at_every_moment_is_not_slow() throws Exception {
        int port = start(tcp().withOption("frame-timeout", "300ms"));
        try (Socket s = new Socket("127.0.0.1", port)) {
            for (int i = 0; i < 40; i++) {
                send(s, "<13>msg " + i + "\n<13>part");
                Thread.sleep(25);
                send(s, "ial " + i + "\n");
            }
            assertThat(closedByServer(s, 200)).isFalse();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> bus.events().size() == 80);
    }

    @Test
    void a_malformed_octet_count_is_counted_and_the_stream_resynchronises() throws Exception {
        int port = start(tcp());
        try (Socket s = new Socket("127.0.0.1", port)) {
            send(s, "12345678901234 this is no length\n<13>good again\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.bodies().contains("<13>good again"));
            assertThat(closedByServer(s, 200)).isFalse();
        }
        assertThat(bus.bodies()).containsExactly("<13>good again");
        assertThat(scrape()).containsPattern("reason=\"framing\",type=\"syslog-tcp\"} 1");
    }

    @Test
    void a_tls_handshake_on_the_plain_port_is_refused_and_counted() {
        int port = start(tcp());
        Command.run(java.util.List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-no_ign_eof"), "", 30);
        await().atMost(Duration.ofSeconds(5)).until(() -> scrape().contains("reason=\"tls_on_plain_port\""));
        assertThat(bus.events()).isEmpty();
    }

    @Test
    void oversized_frames_are_truncated_flagged_and_counted() throws Exception {
        int port = start(tcp().withOption("max-frame-bytes", "100"));
        try (Socket s = new Socket("127.0.0.1", port)) {
            send(s, "<13>" + "z".repeat(500) + "\n<13>small\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.events().size() == 2);
        }
        assertThat(bus.events().get(0).truncated()).isTrue();
        assertThat(bus.events().get(0).body()).hasSize(100);
        assertThat(bus.events().get(1).bodyAsString()).isEqualTo("<13>small");
        assertThat(scrape()).containsPattern("citywall_collector_oversized_total\\{action=\"truncated\",input=\"tcp\",type=\"syslog-tcp\"} 1");
    }

    @Test
    void a_slow_bus_stops_tcp_reading_so_memory_stays_bounded_and_nothing_is_lost() throws Exception {
        long budget = 256 * 1024;
        int port = start(tcp(), budget);
        bus.mode(RecordingBus.Mode.HOLD);
        AtomicLong written = new AtomicLong();
        int total = 200_000;
        Thread sender = flood(port, total, "backpressure", written);
        // the sender stalls: the collector stopped reading and the kernel buffers are full
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.status().get(0).frames() > 0);
        long stalledAt = -1;
        for (int i = 0; i < 20; i++) {
            long before = written.get();
            Thread.sleep(100);
            if (written.get() == before) {
                stalledAt = before;
                break;
            }
        }
        assertThat(stalledAt).as("the sender is blocked by TCP flow control").isPositive();
        assertThat(sender.isAlive()).as("stalled at %d bytes, %d frames, inflight %s", stalledAt,
                collector.status().get(0).frames(), scrape().lines().filter(l -> l.contains("inflight") || l.contains("paused")).toList()).isTrue();
        long inflight = (long) collector.meterRegistry().get("citywall.collector.inflight.bytes").gauge().value();
        // over the watermark by at most what one read cycle brings (16 reads of up to 64 KiB, plus overheads)
        assertThat(inflight).isBetween(budget, budget + 16L * 64 * 1024 * 3);
        assertThat(scrape()).contains("citywall_collector_paused_connections 1.0");
        bus.releaseAndAccept();
        sender.join(60_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.events().size() == total);
        assertThat(bus.bodies().get(total - 1)).contains("number " + (total - 1) + " ");
    }

    @Test
    void a_connection_paused_for_backpressure_is_not_closed_as_idle() throws Exception {
        long budget = 256 * 1024;
        int port = start(tcp().withOption("idle-timeout", "300ms"), budget);
        bus.mode(RecordingBus.Mode.HOLD);
        int total = 200_000;
        Thread sender = flood(port, total, "held", new AtomicLong());
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains("citywall_collector_paused_connections 1.0"));
        Thread.sleep(1500); // five idle timeouts while the bus holds everything
        assertThat(scrape()).doesNotContain("reason=\"idle\"");
        assertThat(collector.status().get(0).openConnections()).isEqualTo(1);
        bus.releaseAndAccept();
        sender.join(60_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.events().size() == total);
        assertThat(bus.bodies().get(total - 1)).contains("number " + (total - 1) + " ");
    }

    @Test
    void udp_datagrams_the_kernel_drops_for_a_full_receive_buffer_are_counted_too() throws Exception {
        int port = start(InputSpec.of("udp", InputType.SYSLOG_UDP, "127.0.0.1", 0, "taiyuan")
                .withOption("receive-buffer-bytes", "64k"));
        byte[] msg = ("<13>burst " + "b".repeat(900)).getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        long deadline = System.currentTimeMillis() + 20_000;
        try (DatagramSocket s = new DatagramSocket()) {
            // bursts far faster than one event loop takes them in, until the kernel has dropped some
            while (!scrape().contains("reason=\"socket_buffer\"") && System.currentTimeMillis() < deadline) {
                for (int i = 0; i < 20_000; i++) {
                    s.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), port));
                    sent++;
                }
                Thread.sleep(2500); // the drops are read every two seconds
            }
        }
        assertThat(scrape()).containsPattern("citywall_collector_dropped_total\\{input=\"udp\",reason=\"socket_buffer\",type=\"syslog-udp\"} [1-9]");
        InputStatus st = collector.status().get(0);
        assertThat(st.dropped()).isPositive();
        assertThat(st.frames() + st.dropped()).isLessThanOrEqualTo(sent);
    }

    @Test
    void udp_drops_are_counted_when_the_budget_is_spent() throws Exception {
        long budget = 64 * 1024;
        int port = start(InputSpec.of("udp", InputType.SYSLOG_UDP, "127.0.0.1", 0, "taiyuan"), budget);
        bus.mode(RecordingBus.Mode.HOLD);
        int sent = 2000;
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] msg = ("<13>udp " + "q".repeat(200)).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < sent; i++) {
                s.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), port));
                if (i % 100 == 0) {
                    Thread.sleep(5); // let the receiver keep up, so drops are ours and not the kernel's
                }
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            InputStatus st = collector.status().get(0);
            return st.frames() + st.dropped() == sent;
        });
        InputStatus st = collector.status().get(0);
        assertThat(st.dropped()).isPositive();
        assertThat(bus.held()).isEqualTo((int) st.frames());
        assertThat(st.frames() * InflightBudget.cost(200 + 8)).isLessThanOrEqualTo(budget);
        assertThat(scrape()).containsPattern("citywall_collector_dropped_total\\{input=\"udp\",reason=\"backpressure\",type=\"syslog-udp\"} [1-9]");
    }
}
