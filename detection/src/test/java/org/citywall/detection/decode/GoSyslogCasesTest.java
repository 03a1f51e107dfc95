package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.citywall.event.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code citywall parse} agrees with every case of go-syslog's machine tests (influxdata/go-syslog,
 * MIT licence, read at test time from {@code <citywall.shared>/data/syslog/go-syslog}, where its
 * LICENSE sits beside the cases): valid messages give those fields; invalid ones are rejected with
 * that kind and byte column in strict mode and kept unparsed, with {@code event.original}, in
 * lenient mode.
 *
 * <p>How the cases' Go values read here: go-syslog keeps a message's BOM and SD-PARAM escapes as
 * on the wire, CityWall drops the BOM from {@code message} and unescapes values, so expectations are
 * compared after the same two steps. A few expected messages were cut short when the Go test table
 * was re-serialised (at a comma or a {@code +} of a Go expression); for those, and for non-UTF-8
 * input, the expectation is the start of the message, and non-UTF-8 messages must be the input
 * bytes exactly (read as ISO-8859-1, the default fallback charset).
 */
class GoSyslogCasesTest {

    /**
     * RFC 3164 years resolve against the receive time (go-syslog takes the current year; CityWall the latest
     * year that does not put a line more than a week after its receipt): received at the end of a year,
     * every month of the cases falls in that year under both.
     */
    static final String RECEIVED_AT = "2026-12-31T12:00:00Z";

    static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("ErrPri", "pri"), Map.entry("ErrPrival", "prival"), Map.entry("ErrVersion", "version"),
            Map.entry("ErrTimestamp", "timestamp"), Map.entry("ErrHostname", "hostname"),
            Map.entry("ErrAppname", "appname"), Map.entry("ErrProcID", "procid"), Map.entry("ErrMsgID", "msgid"),
            Map.entry("ErrStructuredData", "structured_data"), Map.entry("ErrSdID", "sd_id"),
            Map.entry("ErrSdParam", "sd_param"), Map.entry("ErrEscape", "escape"),
            Map.entry("ErrMsgNotCompliant", "msg_not_utf8"), Map.entry("ErrParse", "parse"));

    /** Expected fields of the cases → flat keys of the printed event. */
    static final Map<String, String> FIELDS = Map.of(
            "version", "log.syslog.version", "priority", "log.syslog.priority",
            "facility", "log.syslog.facility.code", "severity", "log.syslog.severity.code",
            "hostname", "log.syslog.hostname", "appname", "log.syslog.appname",
            "procid", "log.syslog.procid", "msgid", "log.syslog.msgid");

    static Path casesDir() {
        String shared = System.getProperty("citywall.shared");
        if (shared == null) {
            fail("system property citywall.shared is not set (surefire sets it to the shared test data)");
        }
        return Path.of(shared, "data", "syslog", "go-syslog");
    }

    static Stream<Arguments> cases(String file) throws IOException {
        Path path = casesDir().resolve(file);
        assertThat(casesDir().resolve("LICENSE")).exists();
        List<Arguments> out = new ArrayList<>();
        int line = 0;
        for (String json : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            line++;
            Map<String, Object> c = Json.readObject(json);
            String comment = (String) c.getOrDefault("comment", "");
            out.add(Arguments.of(line + ": " + comment, c));
        }
        return out.stream();
    }

    static Stream<Arguments> rfc5424() throws IOException {
        return cases("rfc5424_cases.jsonl");
    }

    static Stream<Arguments> rfc3164() throws IOException {
        return cases("rfc3164_cases.jsonl");
    }

    static byte[] input(Map<String, Object> c) {
        Object b64 = c.get("input_b64");
        byte[] bytes = b64 != null ? Base64.getDecoder().decode((String) b64)
                : ((String) c.get("input")).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            assertThat(b).as("a NUL would split the record").isNotZero();
        }
        return bytes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5424")
    void rfc5424StrictAgrees(String name, Map<String, Object> c) {
        byte[] in = input(c);
        ParseRunner.Result r = ParseRunner.runRecord(in, "--format", "rfc5424", "--strict", "--received-at", RECEIVED_AT);
        Map<String, Object> out = r.single();
        if (Boolean.TRUE.equals(c.get("valid"))) {
            assertThat(r.exitCode()).as("exit code").isZero();
            assertValid(c, in, out);
        } else {
            assertThat(r.exitCode()).as("exit code").isEqualTo(1);
            assertThat(out).as("an error object").containsKey("error.kind").containsEntry("error.codec", "rfc5424");
            if (c.containsKey("error")) {
                assertThat(out.get("error.kind")).as("kind").isEqualTo(KINDS.get((String) c.get("error")));
                assertThat(((Number) out.get("error.column")).longValue()).as("column")
                        .isEqualTo(((Number) c.get("error_column")).longValue());
            }
            assertThat(bytes((String) out.get("event.original"), c)).isEqualTo(in);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5424")
    void rfc5424LenientAgrees(String name, Map<String, Object> c) {
        byte[] in = input(c);
        ParseRunner.Result r = ParseRunner.runRecord(in, "--format", "rfc5424", "--lenient", "--received-at", RECEIVED_AT);
        Map<String, Object> out = r.single();
        assertThat(r.exitCode()).as("lenient never rejects").isZero();
        assertThat(bytes((String) out.get("event.original"), c)).as("event.original").isEqualTo(in);
        if (Boolean.TRUE.equals(c.get("valid"))) {
            assertValid(c, in, out);
            assertThat(tags(out)).doesNotContain(EventDecoder.TAG_SYSLOG_UNPARSED);
        } else {
            assertThat(tags(out)).contains(EventDecoder.TAG_SYSLOG_UNPARSED);
            assertThat(bytes((String) out.get("message"), c)).as("the whole line is the message").isEqualTo(in);
            if (c.containsKey("error")) {
                assertThat(out.get("error.code")).isEqualTo(KINDS.get((String) c.get("error")));
                assertThat(((Number) out.get(EventDecoder.FIELD_DECODE_COLUMN)).longValue())
                        .isEqualTo(((Number) c.get("error_column")).longValue());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> partial = (Map<String, Object>) c.get("partial");
            if (partial != null) {
                assertHeaderFields(partial, out, false);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5424")
    void rfc5424AutoDetectedAgrees(String name, Map<String, Object> c) {
        if (!Boolean.TRUE.equals(c.get("valid"))) {
            return; // auto-detection needs a PRI and a version to choose RFC 5424; the strict test covers the rest
        }
        byte[] in = input(c);
        Map<String, Object> out = ParseRunner.runRecord(in, "--received-at", RECEIVED_AT).single();
        assertValid(c, in, out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc3164")
    void rfc3164Agrees(String name, Map<String, Object> c) {
        byte[] in = input(c);
        for (String[] args : new String[][] {
            {"--format", "rfc3164", "--strict"}, {"--format", "rfc3164", "--lenient"}, {"--format", "auto"}}) {
            String[] all = Stream.concat(Stream.of(args), Stream.of("--received-at", RECEIVED_AT)).toArray(String[]::new);
            ParseRunner.Result r = ParseRunner.runRecord(in, all);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertValid(c, in, r.single());
        }
    }

    @SuppressWarnings("unchecked")
    static void assertValid(Map<String, Object> c, byte[] in, Map<String, Object> out) {
        Map<String, Object> expected = (Map<String, Object>) c.get("expected");
        assertThat(out).as("not an error object").doesNotContainKey("error.kind");
        assertThat(bytes((String) out.get("event.original"), c)).as("event.original").isEqualTo(in);
        assertHeaderFields(expected, out, true);
        String message = (String) out.get("message");
        Object exp = expected.get("message");
        if (exp == null) {
            assertThat(message).as("no message").isNull();
        } else {
            String e = (String) exp;
            boolean nonUtf8 = Boolean.TRUE.equals(c.get("input_not_utf8"));
            if (e.startsWith("BOM + \"") || e.startsWith("isoLatin1String(\"")) {
                String inner = e.substring(e.indexOf('"') + 1);
                boolean complete = inner.endsWith("\"");
                String value = complete ? inner.substring(0, inner.length() - 1) : inner;
                if (complete && !nonUtf8) {
                    if (value.isEmpty()) {
                        assertThat(message).as("message").isNull();
                    } else {
                        assertThat(message).as("message").isEqualTo(value);
                    }
                } else {
                    assertThat(message).as("message").startsWith(value);
                }
            } else if (nonUtf8) {
                assertThat(message).as("message").startsWith(e);
            } else {
                assertThat(message).as("message").isEqualTo(e);
            }
            if (nonUtf8) {
                byte[] raw = message.getBytes(StandardCharsets.ISO_8859_1);
                assertThat(new String(in, StandardCharsets.ISO_8859_1)).as("message is the input's tail, byte for byte")
                        .endsWith(new String(raw, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** version, priority, facility, severity, hostname, appname, procid, msgid, timestamp, structured data. */
    @SuppressWarnings("unchecked")
    static void assertHeaderFields(Map<String, Object> expected, Map<String, Object> out, boolean absentMeansAbsent) {
        for (Map.Entry<String, String> f : FIELDS.entrySet()) {
            Object exp = expected.get(f.getKey());
            Object actual = out.get(f.getValue());
            if (exp != null) {
                assertThat(actual).as(f.getKey()).isNotNull();
                assertThat(actual.toString()).as(f.getKey()).isEqualTo(exp.toString());
            } else if (absentMeansAbsent && !f.getKey().equals("facility") && !f.getKey().equals("severity")) {
                assertThat(actual).as(f.getKey() + " absent").isNull();
            }
        }
        Object ts = expected.get("timestamp");
        if (ts instanceof String iso) {
            assertThat(Instant.parse((String) out.get("@timestamp"))).as("timestamp").isEqualTo(rfc3339(iso));
        } else if (ts instanceof List<?> stamp) {
            String text = ((String) stamp.get(1)).replaceAll(" +", " ");
            LocalDateTime t = LocalDateTime.parse("2026 " + text,
                    DateTimeFormatter.ofPattern("yyyy MMM d HH:mm:ss", Locale.ENGLISH));
            assertThat(Instant.parse((String) out.get("@timestamp"))).as("timestamp").isEqualTo(t.toInstant(ZoneOffset.UTC));
        }
        Object sd = expected.get("structured_data");
        if (sd != null) {
            Map<String, Map<String, String>> elements = (Map<String, Map<String, String>>) sd;
            for (Map.Entry<String, Map<String, String>> el : elements.entrySet()) {
                for (Map.Entry<String, String> p : el.getValue().entrySet()) {
                    assertThat(out.get("log.syslog.structured_data." + el.getKey() + "." + p.getKey()))
                            .as("SD %s %s", el.getKey(), p.getKey()).isEqualTo(unescape(p.getValue()));
                }
            }
            if (absentMeansAbsent) {
                long expectedParams = elements.values().stream().mapToLong(Map::size).sum();
                long actualParams = out.keySet().stream().filter(k -> k.startsWith("log.syslog.structured_data.")).count();
                assertThat(actualParams).as("no other SD params").isEqualTo(expectedParams);
            }
        } else if (absentMeansAbsent) {
            assertThat(out.keySet()).noneMatch(k -> k.startsWith("log.syslog.structured_data."));
        }
    }

    /** RFC 3339 allows offsets up to ±23:59, beyond what java.time parses: apply the offset by hand. */
    static Instant rfc3339(String iso) {
        if (iso.endsWith("Z")) {
            return OffsetDateTime.parse(iso).toInstant();
        }
        int sign = iso.length() - 6;
        LocalDateTime local = LocalDateTime.parse(iso.substring(0, sign));
        int seconds = Integer.parseInt(iso.substring(sign + 1, sign + 3)) * 3600 + Integer.parseInt(iso.substring(sign + 4)) * 60;
        return local.toInstant(ZoneOffset.UTC).minusSeconds(iso.charAt(sign) == '-' ? -seconds : seconds);
    }

    /** RFC 5424 section 6.3.3: \" \\ \] stand for the character itself. */
    static String unescape(String wire) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c == '\\' && i + 1 < wire.length() && "\"\\]".indexOf(wire.charAt(i + 1)) >= 0) {
                b.append(wire.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The bytes a printed string stands for: UTF-8, or ISO-8859-1 for the cases whose input is not UTF-8. */
    static byte[] bytes(String printed, Map<String, Object> c) {
        return Boolean.TRUE.equals(c.get("input_not_utf8"))
                ? printed.getBytes(StandardCharsets.ISO_8859_1)
                : printed.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static List<Object> tags(Map<String, Object> out) {
        Object t = out.get("tags");
        return t instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
