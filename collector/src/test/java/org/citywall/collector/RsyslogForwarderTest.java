package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rsyslog as the forwarder it is in real clouds: it tails a file of numbered lines (imfile) and forwards
 * them to the collector with omfwd over TCP (both framings) and TLS, omrelp, and omelasticsearch.
 */
class RsyslogForwarderTest {

    static final String TOKEN = "tk-rsyslog-es-0123456789abcdef";
    static final Pattern SEQ = Pattern.compile("seq=(\\d+)");
    static final RecordingBus bus = new RecordingBus();
    static Collector collector;
    static TestPki pki;

    @TempDir
    static Path pkiDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pki = new TestPki(pkiDir);
        collector = Collector.builder()
                .input(InputSpec.of("tcp", InputType.SYSLOG_TCP, "127.0.0.1", 0, "taiyuan"))
                .input(InputSpec.of("tls", InputType.SYSLOG_TLS, "127.0.0.1", 0, "datong")
                        .withOption("tls.cert", pki.serverCert.toString())
                        .withOption("tls.key", pki.serverKey.toString())
                        .withOption("tls.client-ca", pki.caCert.toString()))
                .input(InputSpec.of("relp", InputType.RELP, "127.0.0.1", 0, "jinzhong"))
                .input(InputSpec.of("http", InputType.HTTP, "127.0.0.1", 0, "province")
                        .withOption("tokens", TOKEN + "=yuncheng"))
                .bus(bus)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        collector.close();
    }

    private int port(String input) {
        return collector.boundAddress(input).getPort();
    }

    /** Writes {@code count} numbered lines for imfile to read, and returns the input() stanza for it. */
    private String numberedFile(String tag, int count) throws IOException {
        Path file = dir.resolve("in.log");
        Files.writeString(file, IntStream.rangeClosed(1, count).mapToObj(i -> String.format("%s seq=%06d", tag, i))
                .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
        return "module(load=\"imfile\")\n"
                + "input(type=\"imfile\" file=\"" + file + "\" tag=\"" + tag + ":\" facility=\"local0\" severity=\"info\""
                + " freshStartTail=\"off\" ruleset=\"forward\")\n";
    }

    /** Waits until every number 1..count arrived on {@code input} and returns those events. */
    private List<RawEvent> awaitAll(String input, String tag, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> numbers(input, tag).size() >= count);
        Set<Integer> seen = numbers(input, tag);
        assertThat(seen).hasSize(count);
        assertThat(seen).contains(1, count);
        return bus.events().stream().filter(e -> e.input().equals(input) && e.bodyAsString().contains(tag)).toList();
    }

    private static Set<Integer> numbers(String input, String tag) {
        Set<Integer> seen = new TreeSet<>();
        for (RawEvent e : bus.events()) {
            if (e.input().equals(input) && e.bodyAsString().contains(tag)) {
                Matcher m = SEQ.matcher(e.bodyAsString());
                if (m.find()) {
                    seen.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        return seen;
    }

    private void forward(String tag, int count, String modules, String action, String input) throws IOException {
        String config = numberedFile(tag, count) + modules
                + "ruleset(name=\"forward\" queue.type=\"LinkedList\" queue.size=\"100000\") {\n" + action + "\n}\n";
        try (Rsyslog rsyslog = Rsyslog.start(dir, config)) {
            List<RawEvent> got = awaitAll(input, tag, count);
            assertThat(got).allSatisfy(e -> assertThat(e.truncated()).isFalse());
            assertThat(rsyslog.isAlive()).as(rsyslog.output()).isTrue();
        }
    }

    @Test
    void omfwd_over_tcp_with_lf_framing() throws IOException {
        forward("omfwdlf", 2000, "", "action(type=\"omfwd\" target=\"127.0.0.1\" port=\"" + port("tcp")
                + "\" protocol=\"tcp\" action.resumeRetryCount=\"-1\")", "tcp");
        RawEvent e = bus.events().stream().filter(x -> x.bodyAsString().contains("omfwdlf")).findFirst().orElseThrow();
        assertThat(e.bodyAsString()).startsWith("<134>").contains("omfwdlf: omfwdlf seq=");
        assertThat(e.domain()).isEqualTo("taiyuan");
    }

    @Test
    void omfwd_over_tcp_with_octet_counted_framing() throws IOException {
        forward("omfwdoc", 2000, "", "action(type=\"omfwd\" target=\"127.0.0.1\" port=\"" + port("tcp")
                + "\" protocol=\"tcp\" tcp_framing=\"octet-counted\" action.resumeRetryCount=\"-1\")", "tcp");
    }

    @Test
    void omfwd_over_tls_with_a_client_certificate() throws IOException {
        String modules = "global(defaultNetstreamDriverCAFile=\"" + pki.caCert + "\" defaultNetstreamDriverCertFile=\""
                + pki.clientCert + "\" defaultNetstreamDriverKeyFile=\"" + pki.clientKey + "\")\n";
        forward("omfwdtls", 1000, modules, "action(type=\"omfwd\" target=\"127.0.0.1\" port=\"" + port("tls")
                + "\" protocol=\"tcp\" streamDriver=\"gtls\" streamDriverMode=\"1\" streamDriverAuthMode=\"x509/name\""
                + " streamDriverPermittedPeers=\"" + TestPki.SERVER_NAME + "\" action.resumeRetryCount=\"-1\")", "tls");
        assertThat(bus.events().stream().filter(e -> e.input().equals("tls"))).allSatisfy(e ->
                assertThat(e.domain()).isEqualTo("datong"));
    }

    @Test
    void omrelp_delivers_every_message() throws IOException {
        forward("omrelp", 5000, "module(load=\"omrelp\")\n", "action(type=\"omrelp\" target=\"127.0.0.1\" port=\""
                + port("relp") + "\" action.resumeRetryCount=\"-1\" action.resumeInterval=\"1\")", "relp");
        assertThat(bus.events().stream().filter(e -> e.input().equals("relp"))).allSatisfy(e ->
                assertThat(e.domain()).isEqualTo("jinzhong"));
    }

    @Test
    void omelasticsearch_bulk_mode_against_the_bulk_endpoint() throws IOException {
        String modules = "module(load=\"omelasticsearch\")\n"
                + "template(name=\"doc\" type=\"list\" option.jsonf=\"on\") {\n"
                + "  property(outname=\"@timestamp\" name=\"timereported\" dateFormat=\"rfc3339\" format=\"jsonf\")\n"
                + "  property(outname=\"host\" name=\"hostname\" format=\"jsonf\")\n"
                + "  property(outname=\"message\" name=\"msg\" format=\"jsonf\")\n"
                + "}\n";
        forward("omes", 2000, modules, "action(type=\"omelasticsearch\" server=\"127.0.0.1\" serverport=\""
                + port("http") + "\" searchIndex=\"syslog\" template=\"doc\" bulkmode=\"on\" uid=\"rsyslog\" pwd=\"" + TOKEN
                + "\" errorFile=\"" + dir.resolve("es-errors.json") + "\" action.resumeRetryCount=\"-1\")", "http");
        List<RawEvent> got = bus.events().stream().filter(e -> e.input().equals("http") && e.bodyAsString().contains("omes")).toList();
        assertThat(got).allSatisfy(e -> {
            assertThat(e.domain()).isEqualTo("yuncheng");
            assertThat(e.bodyAsString()).startsWith("{").contains("\"message\":");
        });
        assertThat(dir.resolve("es-errors.json")).doesNotExist();
    }
}
