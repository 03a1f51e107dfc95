package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** util-linux logger, the everyday syslog client, talking to the syslog inputs over real sockets. */
class SyslogLoggerTest {

    static final RecordingBus bus = new RecordingBus();
    static Collector collector;
    static int tcpPort;
    static int udpPort;

    @BeforeAll
    static void start() {
        collector = Collector.builder()
                .input(InputSpec.of("syslog-tcp", InputType.SYSLOG_TCP, "127.0.0.1", 0, "taiyuan"))
                .input(InputSpec.of("syslog-udp", InputType.SYSLOG_UDP, "127.0.0.1", 0, "datong"))
                .bus(bus)
                .build()
                .start();
        tcpPort = collector.boundAddress("syslog-tcp").getPort();
        udpPort = collector.boundAddress("syslog-udp").getPort();
    }

    @AfterAll
    static void stop() {
        collector.close();
    }

    private final List<RawEvent> before = new ArrayList<>();

    @BeforeEach
    void remember() {
        before.addAll(bus.events());
    }

    private List<RawEvent> newEvents(int expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.events().size() - before.size() >= expected);
        List<RawEvent> all = bus.events();
        return all.subList(before.size(), all.size());
    }

    private static List<String> logger(String... args) {
        List<String> cmd = new ArrayList<>(List.of("logger", "--server", "127.0.0.1"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void tcp_with_lf_framing_stamps_the_input_its_domain_and_the_peer() {
        Command.ok(logger("--tcp", "--port", "" + tcpPort, "--rfc3164", "-t", "sshd",
                "Failed password for root from 10.0.0.9 port 4242 ssh2"), null);
        RawEvent e = newEvents(1).get(0);
        assertThat(e.bodyAsString()).startsWith("<13>").endsWith("sshd: Failed password for root from 10.0.0.9 port 4242 ssh2");
        assertThat(e.input()).isEqualTo("syslog-tcp");
        assertThat(e.domain()).isEqualTo("taiyuan");
        assertThat(e.peer()).startsWith("127.0.0.1:");
        assertThat(e.truncated()).isFalse();
        assertThat(e.receivedAtMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
    }

    @Test
    void tcp_with_octet_counting_and_rfc5424_keeps_embedded_newlines_in_one_frame() {
        Command.ok(logger("--tcp", "--port", "" + tcpPort, "--octet-count", "--rfc5424", "-t", "app",
                "--sd-id", "zoo@123", "--sd-param", "tiger=\"hungry\"", "line one"), null);
        RawEvent e = newEvents(1).get(0);
        assertThat(e.bodyAsString()).startsWith("<13>1 ").contains("[zoo@123 tiger=\"hungry\"]").endsWith("line one");
    }

    @Test
    void many_lines_on_one_tcp_connection_arrive_in_order() {
        String lines = String.join("\n", IntStream.rangeClosed(1, 500).mapToObj(i -> "message " + i).toList());
        Command.ok(logger("--tcp", "--port", "" + tcpPort, "--octet-count", "-t", "seq"), lines + "\n");
        List<RawEvent> got = newEvents(500);
        for (int i = 0; i < 500; i++) {
            assertThat(got.get(i).bodyAsString()).endsWith("message " + (i + 1));
        }
    }

    @Test
    void udp_datagrams_are_frames_stamped_with_the_udp_inputs_domain() {
        Command.ok(logger("--udp", "--port", "" + udpPort, "--rfc5424", "-t", "sudo", "session opened"), null);
        RawEvent e = newEvents(1).get(0);
        assertThat(e.bodyAsString()).startsWith("<13>1 ").endsWith("session opened");
        assertThat(e.input()).isEqualTo("syslog-udp");
        assertThat(e.domain()).isEqualTo("datong");
    }

    @Test
    void metrics_count_frames_and_bytes_per_input_in_prometheus_text() {
        Command.ok(logger("--udp", "--port", "" + udpPort, "-t", "m", "metered"), null);
        newEvents(1);
        String scrape = collector.scrapeMetrics();
        assertThat(scrape).containsPattern("citywall_collector_frames_total\\{input=\"syslog-udp\",type=\"syslog-udp\"} [1-9]");
        assertThat(scrape).contains("citywall_collector_bytes_total{input=\"syslog-udp\"");
        assertThat(scrape).contains("citywall_collector_connections_open{input=\"syslog-tcp\"");
        assertThat(scrape).contains("citywall_collector_bus_latency_seconds_count{input=\"syslog-udp\"");
        InputStatus udp = collector.status().stream().filter(s -> s.name().equals("syslog-udp")).findFirst().orElseThrow();
        assertThat(udp.frames()).isPositive();
        assertThat(udp.address().getPort()).isEqualTo(udpPort);
        assertThat(udp.summary()).startsWith("syslog-udp").contains("127.0.0.1:" + udpPort, "datong", "frames=" + udp.frames());
    }
}
