package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a client sends, the HTTP body splitters answer with events or a clear MalformedBodyException, never a crash. */
class HttpBodiesFuzzTest {

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(500);
        Arbitrary<byte[]> jsonish = Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "\n", " ", "index", "create",
                        "delete", "update", "event", "\"Records\"", "\"_index\"", "\"a\"", "1", "null", "\\", "\u00e9")
                .list().ofMaxSize(80).map(p -> String.join("", p).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(any, jsonish);
    }

    @Property(tries = 2000)
    void elasticsearch_bulk_bodies_parse_or_are_refused_with_a_reason(@ForAll("bodies") byte[] body) {
        try {
            List<HttpBodies.EsAction> actions = HttpBodies.esBulk(body, null);
            for (HttpBodies.EsAction a : actions) {
                assertThat(a.action()).isIn("index", "create", "update", "delete");
                assertThat(a.stores() == (a.source() != null && !a.action().equals("update"))).isTrue();
            }
        } catch (MalformedBodyException e) {
            assertThat(e.getMessage()).startsWith("bulk line ");
        }
    }

    @Property(tries = 2000)
    void cloudtrail_bodies_split_into_json_objects_or_are_refused_with_a_reason(@ForAll("bodies") byte[] body) {
        try {
            for (byte[] record : HttpBodies.cloudTrailRecords(body)) {
                assertThat(record[0]).isEqualTo((byte) '{');
                assertThat(record[record.length - 1]).isEqualTo((byte) '}');
            }
        } catch (MalformedBodyException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void hec_event_bodies_parse_or_are_refused_with_a_reason(@ForAll("bodies") byte[] body) {
        try {
            for (byte[] event : HttpBodies.hecEvents(body)) {
                assertThat(event[0]).isEqualTo((byte) '{');
                assertThat(event[event.length - 1]).isEqualTo((byte) '}');
            }
        } catch (MalformedBodyException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void lines_hold_no_line_ends_and_lose_no_content(@ForAll("bodies") byte[] body) {
        List<byte[]> lines = HttpBodies.lines(body);
        long contentBytes = 0;
        for (byte[] line : lines) {
            assertThat(line).doesNotContain((byte) '\n');
            assertThat(line.length).isPositive();
            contentBytes += line.length;
        }
        assertThat(contentBytes).isLessThanOrEqualTo(body.length);
        // an independent oracle: LF-separated segments, less a CR before the LF, less those of only blanks
        List<String> expected = java.util.Arrays.stream(new String(body, StandardCharsets.ISO_8859_1).split("\n", -1))
                .map(seg -> seg.endsWith("\r") ? seg.substring(0, seg.length() - 1) : seg)
                .filter(seg -> !seg.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r'))
                .toList();
        assertThat(lines.stream().map(l -> new String(l, StandardCharsets.ISO_8859_1)).toList()).isEqualTo(expected);
    }
}
