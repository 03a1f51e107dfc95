package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.citywall.event.Event;

/**
 * Comma- and semicolon-separated key=value bodies from Huawei and H3C devices: whatever the keys
 * and values, decoding never fails and every pair is kept under the vendor's namespace as written
 * (without an H3C field code).
 */
class DeviceKeyValuePropertiesTest {

    record Body(String text, String separator, Map<String, String> pairs) {}

    @Provide
    Arbitrary<Body> bodies() {
        Arbitrary<String> key = Combinators.combine(
                        Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').ofLength(1),
                        Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').numeric().withChars("_-")
                                .ofMaxLength(12))
                .as((a, b) -> a + b);
        // values: no separator or '=', no blank at either end, no closing full stop (punctuation of the record)
        Arbitrary<String> value = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars(".:/-_ 城()")
                .ofMinLength(1).ofMaxLength(20)
                .filter(v -> !v.startsWith(" ") && !v.endsWith(" ") && !v.endsWith(".") && !v.startsWith("\"")
                        && !v.startsWith("'"));
        Arbitrary<Map<String, String>> pairs = Arbitraries.maps(key, value).ofMinSize(2).ofMaxSize(12)
                .map(LinkedHashMap::new);
        Arbitrary<String> separator = Arbitraries.of(",", ";", ", ");
        Arbitrary<Boolean> fieldCodes = Arbitraries.of(true, false);
        return Combinators.combine(pairs, separator, fieldCodes).as((p, sep, codes) -> {
            StringBuilder b = new StringBuilder();
            int code = 1001;
            for (Map.Entry<String, String> kv : p.entrySet()) {
                if (b.length() > 0) {
                    b.append(sep);
                }
                b.append(kv.getKey());
                if (codes) {
                    b.append('(').append(code++).append(')');
                }
                b.append('=').append(kv.getValue());
            }
            return new Body(b.toString(), sep, p);
        });
    }

    @Property(tries = 400)
    void huaweiBodiesKeepEveryPair(@ForAll("bodies") Body body) {
        assertKept(Decoding.decode("<188>Nov 29 2026 09:30:01 USG6000 %%01SECLOG/6/SESSION_TEARDOWN(l):" + body.text()),
                "huawei", body);
    }

    @Property(tries = 400)
    void h3cBodiesKeepEveryPair(@ForAll("bodies") Body body) {
        assertKept(Decoding.decode("<190>Nov 29 10:30:00 2026 SecPath %%10SESSION/6/SESSION_IPV4_FLOW: " + body.text() + (body.separator().equals(";") ? ";" : "")),
                "h3c", body);
    }

    @Property(tries = 200)
    void huaweiParenthesisedListsKeepEveryPair(@ForAll("bodies") Body body) {
        assertKept(Decoding.decode("<188>Nov 29 2026 09:30:01 AR1 %%01SEC/4/NOTICE(l):Something happened. (" + body.text() + ")"),
                "huawei", body);
    }

    private static void assertKept(Event e, String vendor, Body body) {
        assertThat(e.fields()).doesNotContainKey("error.type").containsKey("event.original");
        for (Map.Entry<String, String> kv : body.pairs().entrySet()) {
            assertThat(e.fields()).as("pair %s of %s", kv.getKey(), body.text())
                    .containsEntry(vendor + "." + kv.getKey(), kv.getValue());
        }
    }
}
