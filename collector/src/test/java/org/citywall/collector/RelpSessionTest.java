package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RELP session, frame by frame over a socket, as librelp speaks it. */
class RelpSessionTest {

    private final RecordingBus bus = new RecordingBus();
    private Collector collector;
    private int port;

    @BeforeEach
    void start() {
        collector = Collector.builder().input(InputSpec.of("relp", InputType.RELP, "127.0.0.1", 0, "taiyuan"))
                .bus(bus).build().start();
        port = collector.boundAddress("relp").getPort();
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    private static String frame(int txnr, String command, String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        return txnr + " " + command + " " + d.length + (d.length > 0 ? " " + data : "") + "\n";
    }

    /** Reads one RELP response frame (its data may span lines). */
    private static String response(BufferedReader in) throws IOException {
        String head = in.readLine();
        if (head == null) {
            return null;
        }
        String[] parts = head.split(" ", 4);
        int len = Integer.parseInt(parts[2]);
        StringBuilder data = new StringBuilder(parts.length > 3 ? parts[3] : "");
        while (data.length() < len) {
            data.append('\n').append(in.readLine());
        }
        return parts[0] + " " + parts[1] + " " + data;
    }

    @Test
    void a_frame_the_bus_refuses_for_good_is_answered_500_and_not_retried() throws Exception {
        bus.mode(RecordingBus.Mode.REJECT);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write(frame(1, "open", "relp_version=0\nrelp_software=test\ncommands=syslog").getBytes(StandardCharsets.UTF_8));
            assertThat(response(in)).startsWith("1 rsp 200 OK\n");
            out.write(frame(2, "syslog", "<13>refused message").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(response(in)).startsWith("2 rsp 500 ").contains("refused").contains("too large");
            bus.mode(RecordingBus.Mode.ACCEPT);
            out.write(frame(3, "syslog", "<13>next message").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(response(in)).isEqualTo("3 rsp 200 OK");
        }
        assertThat(bus.attempts()).as("the refused frame was sent once").isEqualTo(2);
        assertThat(bus.bodies()).containsExactly("<13>next message");
    }

    @Test
    void open_syslog_close_and_the_ack_waits_for_the_bus() throws Exception {
        bus.mode(RecordingBus.Mode.HOLD);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write(frame(1, "open", "relp_version=0\nrelp_software=test\ncommands=syslog").getBytes(StandardCharsets.UTF_8));
            assertThat(response(in)).startsWith("1 rsp 200 OK\n").contains("commands=syslog");
            out.write(frame(2, "syslog", "<13>held message").getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.held() == 1);
            s.setSoTimeout(300);
            assertThat(readsNothing(in)).as("no ack before the bus stored the frame").isTrue();
            s.setSoTimeout(5000);
            bus.releaseAndAccept();
            assertThat(response(in)).isEqualTo("2 rsp 200 OK");
            out.write(frame(3, "close", "").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).isEqualTo("3 rsp 0");
            assertThat(in.readLine()).as("the server closes after answering close").isNull();
        }
        assertThat(bus.bodies()).containsExactly("<13>held message");
    }

    private static boolean readsNothing(BufferedReader in) throws IOException {
        try {
            return in.read() == -2;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        }
    }

    @Test
    void syslog_before_open_and_unknown_commands_get_500() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write(frame(1, "syslog", "<13>too early").getBytes(StandardCharsets.UTF_8));
            assertThat(response(in)).isEqualTo("1 rsp 500 session not open");
            out.write((frame(2, "open", "relp_version=0") + frame(3, "starttls", "")).getBytes(StandardCharsets.UTF_8));
            assertThat(response(in)).startsWith("2 rsp 200 OK");
            assertThat(response(in)).isEqualTo("3 rsp 500 command 'starttls' not supported");
        }
        assertThat(bus.events()).isEmpty();
        assertThat(collector.scrapeMetrics()).contains("reason=\"relp_command\"");
    }

    @Test
    void a_framing_error_closes_the_session_and_is_counted() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("1 open 5 abc\n".getBytes(StandardCharsets.UTF_8)); // 5 announced, 3 sent + LF
            s.getOutputStream().write("XYZ".getBytes(StandardCharsets.UTF_8));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(collector.scrapeMetrics()).containsPattern("rejected_total\\{input=\"relp\",reason=\"framing\",type=\"relp\"} 1");
    }

    @Test
    void a_sender_that_never_reads_its_acks_is_stopped_not_buffered() throws Exception {
        AtomicLong sent = new AtomicLong();
        Socket s = new Socket();
        s.setReceiveBufferSize(4096); // keep our side small: the acks must back up into the collector
        s.connect(new InetSocketAddress("127.0.0.1", port));
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 8192);
                out.write(frame(1, "open", "relp_version=0").getBytes(StandardCharsets.UTF_8));
                for (int i = 2; i < 3_000_000; i++) {
                    out.write(frame(i, "syslog", "<13>m").getBytes(StandardCharsets.UTF_8));
                    sent.incrementAndGet();
                }
                out.flush();
            } catch (IOException closed) {
                // the test closes the socket when done
            }
        });
        writer.start();
        try {
            long stalledAt = -1;
            for (int i = 0; i < 300 && stalledAt < 0; i++) {
                long before = sent.get();
                Thread.sleep(100);
                if (sent.get() == before && before > 0) {
                    stalledAt = before;
                }
            }
            assertThat(stalledAt).as("the sender is blocked once the collector stops reading").isPositive();
            assertThat(stalledAt).isLessThan(3_000_000 - 2);
            // the kernel grows its send buffer for a while (autotuning, up to tcp_wmem's maximum), so the
            // collector reads in spurts until that is full too; then it reads nothing more
            long previous = -1;
            for (int i = 0; i < 60; i++) {
                long now = collector.status().get(0).frames();
                if (now == previous) {
                    break;
                }
                previous = now;
                Thread.sleep(1000);
            }
            long frames = collector.status().get(0).frames();
            long written = sent.get();
            Thread.sleep(1000);
            assertThat(collector.status().get(0).frames()).as("nothing more is read").isEqualTo(frames);
            assertThat(sent.get()).as("the sender stays blocked").isEqualTo(written);
            assertThat(frames).isLessThan(written);
        } finally {
            s.close();
            writer.join(10_000);
        }
    }
}
