package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.citywall.event.Json;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code citywall parse} reads records from stdin and prints one JSON object per record. */
class ParseCommandTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oneJsonObjectPerLineCrlfAndBlankLinesHandled() {
        ParseRunner.Result r = ParseRunner.run(utf8("<13>Nov 27 10:15:30 h1 app: one\r\n\n<13>Nov 27 10:15:31 h2 app: two"),
                "--received-at", "2026-11-27T12:00:00Z");
        assertThat(r.exitCode()).isZero();
        assertThat(r.records()).hasSize(2);
        Map<String, Object> first = Json.flatten(r.records().get(0));
        assertThat(first).containsEntry("message", "one").containsEntry("host.name", "h1").containsEntry("event.id", "stdin:1")
                .containsEntry("@timestamp", "2026-11-27T10:15:30Z");
        assertThat(Json.flatten(r.records().get(1))).containsEntry("message", "two").containsEntry("event.id", "stdin:2");
    }

    @Test
    void aRejectedRecordIsAnErrorObjectAndTheExitStatusIsOne() {
        ParseRunner.Result r = ParseRunner.run(utf8("<13>1 - - - - - -\n<13>1 - host na\u0001me - - -\n"), "--format", "rfc5424", "--strict");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.records()).hasSize(2);
        assertThat(r.records().get(0)).doesNotContainKey("error");
        Map<String, Object> error = Json.flatten(r.records().get(1));
        assertThat(error).containsEntry("error.kind", "appname").containsEntry("error.column", 15L)
                .containsEntry("error.codec", "rfc5424").containsEntry("record", 2L)
                .containsEntry("event.original", "<13>1 - host na\u0001me - - -");
        assertThat((String) error.get("error.message")).contains("column 15");
    }

    @Test
    void nulSeparatedRecordsMayContainNewlines() {
        ParseRunner.Result r = ParseRunner.runRecord(utf8("<1>1 - - - - - - x\ny"), "--format", "rfc5424");
        assertThat(r.single()).containsEntry("message", "x\ny");
    }

    @Test
    void unknownFormatsAreUsageErrors() {
        CommandLine cl = new CommandLine(new org.citywall.detection.cli.ParseCommand());
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(cl.execute("--format", "xml")).isEqualTo(2);
        assertThat(cl.execute("--strict", "--lenient")).isEqualTo(2);
    }
}
