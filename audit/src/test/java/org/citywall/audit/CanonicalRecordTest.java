package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The canonical form of records: one form per record, and nothing else accepted. */
class CanonicalRecordTest {

    static final Instant T = Instant.parse("2026-03-01T08:30:00.123456Z");

    @Test
    void aRecordHasExactlyThisForm() {
        AuditRecord r = AuditRecord.of(7, T, AuditEntry.builder().subject("王伟").role("auditor").domain("taiyuan")
                .action("alert.read").object("alert/42").result(AuditResult.SUCCESS).source("10.1.2.3")
                .requestId("r-1").detail("z", 1L).detail("a", List.of(true, "x")).build());
        assertThat(r.toJson()).isEqualTo("{\"action\":\"alert.read\",\"details\":{\"a\":[true,\"x\"],\"z\":1},"
                + "\"domain\":\"taiyuan\",\"object\":\"alert/42\",\"requestId\":\"r-1\",\"result\":\"success\","
                + "\"role\":\"auditor\",\"seq\":7,\"source\":\"10.1.2.3\",\"subject\":\"王伟\","
                + "\"time\":\"2026-03-01T08:30:00.123456Z\"}");
    }

    @Test
    void absentFieldsAreOmittedNotNull() {
        AuditRecord r = AuditRecord.of(0, T, AuditEntry.builder().subject("s").action("console.login")
                .result(AuditResult.FAILURE).build());
        assertThat(r.toJson()).isEqualTo("{\"action\":\"console.login\",\"result\":\"failure\",\"seq\":0,\"subject\":\"s\","
                + "\"time\":\"2026-03-01T08:30:00.123456Z\"}");
    }

    @Test
    void stringsUseTheMinimalEscapesOfRfc8785() {
        String s = "\u0000\b\t\n\u000b\f\r\u001f\"\\/\u007f€😀";
        byte[] b = CanonicalJson.encode(s);
        assertThat(new String(b, StandardCharsets.UTF_8))
                .isEqualTo("\"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\\\"\\\\/\u007f€😀\"");
        assertThat(b).doesNotContain((byte) '\n');
    }

    @Test
    void detailKeysThatBecomeOneOnceMadeWellFormedAreRefused() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("a\uD800", 1L); // two lone surrogates: both become U+FFFD
        details.put("a\uDC00", 2L);
        assertThatThrownBy(() -> new AuditEntry("alice", null, null, "console.test", null, AuditResult.SUCCESS, null, null, details))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice once made well-formed");
    }

    @Test
    void keysSortByUtf16CodeUnitsAsRfc8785Says() {
        // U+E000 sorts before U+1F600 in UTF-16 (0xE000 < 0xD83D is false: 0xD83D < 0xE000), so the emoji comes first
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\uE000", 1L);
        m.put("😀", 2L);
        m.put("a", 3L);
        m.put("B", 4L);
        assertThat(new String(CanonicalJson.encode(m), StandardCharsets.UTF_8)).isEqualTo("{\"B\":4,\"a\":3,\"😀\":2,\"\uE000\":1}");
    }

    @Test
    void fractionsHugeIntegersAndUnknownTypesAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> AuditEntry.builder().subject("s").action("a.b").result(AuditResult.SUCCESS)
                .detail("ratio", 0.5).build()).hasMessageContaining("details.ratio").hasMessageContaining("not an integer");
        assertThatThrownBy(() -> AuditEntry.builder().subject("s").action("a.b").result(AuditResult.SUCCESS)
                .detail("n", 1L << 53).build()).hasMessageContaining("outside");
        assertThatThrownBy(() -> AuditEntry.builder().subject("s").action("a.b").result(AuditResult.SUCCESS)
                .detail("when", Instant.EPOCH).build()).hasMessageContaining("Instant cannot be recorded");
        assertThatThrownBy(() -> AuditEntry.builder().subject("s").action("Alert Read").result(AuditResult.SUCCESS).build())
                .hasMessageContaining("lower-case and dotted");
        assertThatThrownBy(() -> AuditEntry.builder().subject(" ").action("a").result(AuditResult.SUCCESS).build())
                .hasMessageContaining("subject must not be blank");
    }

    @Test
    void brokenUnicodeIsStillRecordedWithReplacementCharacters() {
        AuditEntry e = AuditEntry.builder().subject("ev\uD800il").action("console.login").result(AuditResult.FAILURE).build();
        assertThat(e.subject()).isEqualTo("ev\uFFFDil");
    }

    // ------------------------------------------------------------------ properties

    /** A query the record meets is never ruled out by the line prefilter, whatever its text holds. */
    @Property(tries = 1000)
    void theLinePrefilterNeverRulesOutARecordTheQueryMatches(@ForAll("records") AuditRecord r, @ForAll boolean bySubject,
            @ForAll boolean byAction, @ForAll boolean actionPrefix, @ForAll boolean byObject, @ForAll boolean byResult,
            @ForAll boolean byDomain) {
        AuditQuery.Builder b = AuditQuery.builder();
        if (bySubject) {
            b.subject(r.subject());
        }
        if (byAction) {
            b.action(actionPrefix ? r.action().substring(0, r.action().length() / 2) + "*" : r.action());
        }
        if (byObject && r.object() != null) {
            b.object(r.object());
        }
        if (byResult) {
            b.result(r.result());
        }
        if (byDomain && r.domain() != null) {
            b.domain(r.domain());
        }
        AuditQuery q = b.build();
        assertThat(q.matches(r)).isTrue();
        assertThat(LinePrefilter.of(q).mayMatch(r.canonicalBytes())).as("%s on %s", LinePrefilter.of(q), r.toJson()).isTrue();
    }

    @Test
    void theLinePrefilterRulesOutLinesWithoutTheWantedValues() {
        AuditRecord r = AuditRecord.of(7, Instant.parse("2026-03-01T00:00:00Z"), new AuditEntry("alice", "analyst", "taiyuan",
                "alert.read", "GET /api/v1/alerts/a1", AuditResult.SUCCESS, "10.0.0.1", "r1", Map.of("note", "\"subject\":\"bob\"")));
        byte[] line = r.canonicalBytes();
        assertThat(LinePrefilter.of(AuditQuery.builder().subject("alice").action("alert.*").build()).mayMatch(line)).isTrue();
        assertThat(LinePrefilter.of(AuditQuery.builder().subject("mallory").build()).mayMatch(line)).isFalse();
        assertThat(LinePrefilter.of(AuditQuery.builder().action("crypto.*").build()).mayMatch(line)).isFalse();
        assertThat(LinePrefilter.of(AuditQuery.builder().result(AuditResult.DENIED).build()).mayMatch(line)).isFalse();
        assertThat(LinePrefilter.of(AuditQuery.builder().subject("\ud800").build()).mayMatch(line)).isFalse();
        // a detail that spells another subject is escaped in the line: it neither hides nor fakes one
        assertThat(LinePrefilter.of(AuditQuery.builder().subject("bob").build()).mayMatch(line)).isFalse();
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(20),
                Arbitraries.strings().withChars("\"\\/\n\u0001é中😀").ofMaxLength(12));
    }

    @Provide
    Arbitrary<Object> detailValue() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(text().map(s -> (Object) s),
                Arbitraries.longs().between(-CanonicalJson.MAX_SAFE_INTEGER, CanonicalJson.MAX_SAFE_INTEGER).map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b), Arbitraries.just(null));
        Arbitrary<Object> list = leaf.list().ofMaxSize(3).map(l -> (Object) l);
        Arbitrary<Object> map = Arbitraries.maps(key(), leaf).ofMaxSize(3).map(m -> (Object) m);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, leaf), net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(1, map));
    }

    /**
     * Map keys without lone surrogates: two keys that differ only there would become one once made
     * well-formed, which a record refuses (tested on its own); the round trip is about the rest.
     */
    Arbitrary<String> key() {
        return text().filter(k -> java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(k));
    }

    @Provide
    Arbitrary<AuditRecord> records() {
        Arbitrary<String> opt = Arbitraries.oneOf(text(), Arbitraries.just(null));
        Arbitrary<String> subject = text().filter(s -> !s.isBlank());
        Arbitrary<String> action = Arbitraries.strings().withChars("abcxyz09_-").ofMinLength(1).ofMaxLength(6)
                .list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
        Arbitrary<Map<String, Object>> details = Arbitraries.maps(key(), detailValue()).ofMaxSize(4);
        Arbitrary<Instant> time = Arbitraries.longs().between(0, 253_402_300_799L * 1_000_000L)
                .map(us -> Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000));
        Arbitrary<AuditEntry> entries = Combinators.combine(subject, opt, opt, action, opt, Arbitraries.of(AuditResult.class), opt,
                Combinators.combine(opt, details).as((req, det) -> new Object[] {req, det}))
                .as((s, role, dom, act, obj, res, src, rest) -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> det = (Map<String, Object>) rest[1];
                    return new AuditEntry(s, role, dom, act, obj, res, src, (String) rest[0], det);
                });
        return Combinators.combine(Arbitraries.longs().between(0, CanonicalJson.MAX_SAFE_INTEGER), time, entries)
                .as(AuditRecord::of);
    }

    @Property(tries = 400)
    void parsingTheCanonicalBytesGivesTheRecordBack(@ForAll("records") AuditRecord r) {
        byte[] b = r.canonicalBytes();
        AuditRecord back = AuditRecord.parse(b);
        assertThat(back).isEqualTo(r);
        assertThat(back.canonicalBytes()).isEqualTo(b);
        assertThat(b).doesNotContain((byte) '\n');
    }

    @Property(tries = 300)
    void anIndependentJsonParserReadsTheSameValues(@ForAll("records") AuditRecord r) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new ObjectMapper().readValue(r.canonicalBytes(), Map.class);
        assertThat(m.get("subject")).isEqualTo(r.subject());
        assertThat(m.get("object")).isEqualTo(r.object());
        assertThat(((Number) m.get("seq")).longValue()).isEqualTo(r.seq());
        assertThat(m.getOrDefault("details", Map.of()).toString()).isEqualTo(normalise(r.details()).toString());
        // and its keys come in sorted order
        assertThat(List.copyOf(m.keySet())).isSorted();
    }

    private static Object normalise(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normalise(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(CanonicalRecordTest::normalise).toList();
        }
        if (v instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        return v;
    }

    enum Variant { SPACE_AFTER_COLON, SPACE_AFTER_COMMA, TRAILING_NEWLINE, BOM, SWAP_FIRST_KEYS, ESCAPED_SLASH,
        UNICODE_ESCAPE, UPPER_HEX, PLUS_ZERO_SEQ, FRACTION_SEQ, DUPLICATE_KEY, NULL_FIELD }

    @Property(tries = 400)
    void noOtherFormOfTheSameRecordIsAccepted(@ForAll("records") AuditRecord r, @ForAll Variant v) {
        String json = r.toJson();
        String variant = switch (v) {
            case SPACE_AFTER_COLON -> json.replaceFirst("\":", "\": ");
            case SPACE_AFTER_COMMA -> json.replaceFirst(",\"", ", \"");
            case TRAILING_NEWLINE -> json + "\n";
            case BOM -> "\uFEFF" + json;
            case SWAP_FIRST_KEYS -> json.replaceFirst("^\\{\"action\":(\"[^\"]*\"),", "{") .replaceFirst("\\}$",
                    ",\"action\":\"" + r.action() + "\"}");
            case ESCAPED_SLASH -> json.replace("\"result\":", "\"res\\u0075lt\":");
            case UNICODE_ESCAPE -> json.replace("\"action\":\"", "\"action\":\"\\u00" + Integer.toHexString(r.action().charAt(0)))
                    .replaceFirst("(\"action\":\"\\\\u00..)" + java.util.regex.Pattern.quote(r.action().substring(0, 1)), "$1");
            case UPPER_HEX -> json.contains("\\u001f") ? json.replace("\\u001f", "\\u001F") : json.replace("\"seq\":", "\"seq\" :");
            case PLUS_ZERO_SEQ -> json.replace("\"seq\":", "\"seq\":0");
            case FRACTION_SEQ -> json.replace("\"seq\":" + r.seq(), "\"seq\":" + r.seq() + ".0");
            case DUPLICATE_KEY -> json.replaceFirst("\\}$", ",\"subject\":\"x\"}");
            case NULL_FIELD -> json.replace("\"result\":", "\"object\":null,\"result\":");
        };
        if (variant.equals(json)) {
            return;
        }
        if (v == Variant.NULL_FIELD && r.object() != null) {
            return; // would be a duplicate key instead, covered above
        }
        assertThatThrownBy(() -> AuditRecord.parse(variant.getBytes(StandardCharsets.UTF_8)))
                .as(v + ": " + variant).isInstanceOf(MalformedRecordException.class);
    }

    @Property(tries = 1000)
    void anyByteMutationIsEitherRefusedOrIsItselfCanonical(@ForAll("records") AuditRecord r,
                                                            @ForAll @IntRange(min = 0, max = 100_000) int at, @ForAll byte value) {
        byte[] b = r.canonicalBytes();
        b[at % b.length] = value;
        try {
            AuditRecord parsed = AuditRecord.parse(b);
            assertThat(parsed.canonicalBytes()).isEqualTo(b);
        } catch (MalformedRecordException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
