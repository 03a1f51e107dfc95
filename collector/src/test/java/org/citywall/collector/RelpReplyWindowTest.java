package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A RELP sender that pipelines more frames than the collector will keep unanswered (a hostile one, or one
 * with a huge window) is not read until answers drain; then every frame is answered once, in order.
 */
class RelpReplyWindowTest extends OneCollectorPerTest {

    private static InputSpec relp() {
        return InputSpec.of("relp", InputType.RELP, "127.0.0.1", 0, "taiyuan");
    }

    private long unacknowledged() {
        return (long) collector.meterRegistry().get("citywall.collector.unacknowledged.frames").gauge().value();
    }

    private static byte[] frame(int txnr, String command, String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        return (txnr + " " + command + " " + d.length + (d.length > 0 ? " " + data : "") + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the open frame and then {@code frames} in one go, never reading an answer. */
    private static Thread pipeline(Socket s, List<byte[]> frames) {
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
                out.write(frame(1, "open", "relp_version=0\nrelp_software=test\ncommands=syslog"));
                for (byte[] f : frames) {
                    out.write(f);
                }
                out.flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        return writer;
    }

    /** The answers, one per line: {@code TXNR rsp LEN DATA}; the open's offers span lines and are skipped. */
    private static List<String> answers(BufferedReader in, int count) throws IOException {
        String open = in.readLine();
        assertThat(open).startsWith("1 rsp ").endsWith("200 OK");
        for (String line = in.readLine(); !line.startsWith("commands="); line = in.readLine()) {
            // relp_version=..., relp_software=...
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(in.readLine());
        }
        return out;
    }

    @Test
    void five_thousand_pipelined_frames_wait_in_tcp_beyond_1024_unanswered_and_are_each_answered_once_in_order()
            throws Exception {
        int port = start(relp());
        bus.mode(RecordingBus.Mode.HOLD);
        int total = 5000;
        List<byte[]> frames = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String body = "<13>pipelined message " + i;
            bodies.add(body);
            frames.add(frame(i + 2, "syslog", body));
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            Thread writer = pipeline(s, frames);
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.held() >= ReplyWindow.DEFAULT_LIMIT);
            // the rest waits in the kernel's buffers, or in the writer if they are full
            Thread.sleep(500); // time for the collector to read more, were it reading
            assertThat(bus.held()).as("frames taken while the bus holds every one").isEqualTo(ReplyWindow.DEFAULT_LIMIT);
            assertThat(unacknowledged()).isEqualTo(ReplyWindow.DEFAULT_LIMIT);

            bus.releaseAndAccept();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> expected = IntStream.range(0, total).mapToObj(i -> (i + 2) + " rsp 6 200 OK").toList();
            assertThat(answers(in, total)).isEqualTo(expected);
            writer.join(10_000);
            assertThat(writer.isAlive()).isFalse();
            s.getOutputStream().write(frame(total + 2, "close", ""));
            assertThat(in.readLine()).as("nothing answered twice: the close is next").isEqualTo((total + 2) + " rsp 0");
            assertThat(in.readLine()).isNull();
        }
        assertThat(bus.bodies()).as("each frame stored once").containsExactlyInAnyOrderElementsOf(bodies);
        await().atMost(Duration.ofSeconds(5)).until(() -> unacknowledged() == 0);
    }

    @Test
    void answers_queued_behind_a_held_frame_count_too_and_the_stopped_connection_is_not_closed_as_slow_or_idle()
            throws Exception {
        int limit = 100;
        int port = start(relp().withOption("max-unacked", String.valueOf(limit))
                .withOption("frame-timeout", "300ms").withOption("idle-timeout", "300ms"));
        bus.mode(RecordingBus.Mode.HOLD);
        // one frame for the bus, then frames answered at once (no data) that must wait behind it: these cost
        // the in-flight budget nothing, only the window bounds them
        int empty = 10_000;
        List<byte[]> frames = new ArrayList<>();
        frames.add(frame(2, "syslog", "<13>held"));
        for (int i = 0; i < empty; i++) {
            frames.add(frame(i + 3, "syslog", ""));
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            Thread writer = pipeline(s, frames);
            await().atMost(Duration.ofSeconds(10)).until(() -> unacknowledged() >= limit);
            Thread.sleep(1500); // five frame and idle timeouts while the window is full
            assertThat(unacknowledged()).isEqualTo(limit);
            assertThat(collector.status().get(0).openConnections()).isEqualTo(1);
            assertThat(collector.scrapeMetrics()).doesNotContain("reason=\"slow_sender\"").doesNotContain("reason=\"idle\"");

            bus.releaseAndAccept();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> expected = IntStream.range(0, empty + 1).mapToObj(i -> (i + 2) + " rsp 6 200 OK").toList();
            assertThat(answers(in, empty + 1)).isEqualTo(expected);
            writer.join(10_000);
            assertThat(writer.isAlive()).isFalse();
        }
        assertThat(bus.bodies()).containsExactly("<13>held");
    }

    @Test
    void a_connection_whose_frames_wait_for_the_bus_is_not_closed_as_idle_and_an_answered_one_is() throws Exception {
        int port = start(relp().withOption("idle-timeout", "300ms"));
        bus.mode(RecordingBus.Mode.HOLD);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            Thread writer = pipeline(s, List.of(frame(2, "syslog", "<13>held while the broker is away")));
            await().atMost(Duration.ofSeconds(10)).until(() -> unacknowledged() == 1);
            Thread.sleep(1500); // five idle timeouts while the sender waits for our answer
            assertThat(collector.status().get(0).openConnections()).isEqualTo(1);
            assertThat(collector.scrapeMetrics()).doesNotContain("reason=\"idle\"");

            bus.releaseAndAccept();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(answers(in, 1)).containsExactly("2 rsp 6 200 OK");
            writer.join(10_000);
            // answered and quiet: now it is idle, and closed as such
            await().atMost(Duration.ofSeconds(10)).until(() -> collector.status().get(0).openConnections() == 0);
            assertThat(collector.scrapeMetrics()).contains("reason=\"idle\"");
        }
        assertThat(bus.bodies()).containsExactly("<13>held while the broker is away");
    }

    @Test
    void frames_read_before_the_window_filled_are_framed_when_it_reopens_though_the_sender_sends_nothing_more()
            throws Exception {
        int limit = 100;
        int port = start(relp().withOption("max-unacked", String.valueOf(limit)));
        bus.mode(RecordingBus.Mode.HOLD);
        // one small write: the collector reads all of it at once, frames 100 and keeps the rest in its buffer
        int total = 300;
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            frames.add(frame(i + 2, "syslog", "<13>m" + i));
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            pipeline(s, frames).join(10_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.held() >= limit);
            assertThat(bus.held()).isEqualTo(limit);

            bus.releaseAndAccept();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> expected = IntStream.range(0, total).mapToObj(i -> (i + 2) + " rsp 6 200 OK").toList();
            assertThat(answers(in, total)).isEqualTo(expected);
        }
        assertThat(bus.bodies()).hasSize(total);
    }

    @Test
    void max_unacked_is_a_relp_option_and_a_whole_number() {
        assertThat(new InputOptions(relp().withOption("max-unacked", "128")).maxUnacked).isEqualTo(128);
        assertThat(new InputOptions(relp()).maxUnacked).isEqualTo(1024);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InputOptions(relp().withOption("max-unacked", "0")))
                .hasMessageContaining("max-unacked='0'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InputOptions(
                        InputSpec.of("tcp", InputType.SYSLOG_TCP, "127.0.0.1", 0, "taiyuan").withOption("max-unacked", "5")))
                .hasMessageContaining("unknown option 'max-unacked'");
    }
}
