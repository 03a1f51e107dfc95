package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.citywall.event.Event;

/** Modifiers against their definitions, on random values (compiled directly, without YAML). */
class ModifierPropertiesTest {

    private static final FieldResolver KEEP = new FieldResolver() {
        @Override
        public String[] resolve(String ruleField, String path) {
            return new String[] {ruleField};
        }

        @Override
        public String[] keywordFields() {
            return new String[] {"message"};
        }

        @Override
        public Map<String, List<String>> placeholders() {
            return Map.of();
        }
    };

    private static boolean test(String key, Object value, Event e) throws RuleException {
        FieldTest t = new ValueCompiler(KEEP).compile(key, value, "test");
        return t.test(new EvalContext(e, java.util.Set.of()));
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withChars("abcAB-/ .=*?\\é").ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abcAB-/ .=*?\\é").ofMaxLength(16);
    }

    /** A rule value whose wildcards and backslashes are escaped, so it stands for the literal text. */
    private static String literal(String s) {
        return SigmaString.literal(s).toString();
    }

    @Property(tries = 1000)
    void containsStartswithEndswithAreTheStringTestsIgnoringCase(@ForAll("words") String w, @ForAll("texts") String text)
            throws RuleException {
        Event e = new Event().put("f", text);
        String lw = w.toLowerCase(Locale.ROOT);
        String lt = text.toLowerCase(Locale.ROOT);
        assertThat(test("f|contains", literal(w), e)).isEqualTo(lt.contains(lw));
        assertThat(test("f|startswith", literal(w), e)).isEqualTo(lt.startsWith(lw));
        assertThat(test("f|endswith", literal(w), e)).isEqualTo(lt.endsWith(lw));
        assertThat(test("f", literal(w), e)).isEqualTo(lt.equals(lw));
        assertThat(test("f|cased", literal(w), e)).isEqualTo(text.equals(w));
    }

    @Property(tries = 500)
    void neqIsTheNegationOfEqualityForAPresentField(@ForAll("words") String w, @ForAll("texts") String text) throws RuleException {
        Event e = new Event().put("f", text);
        assertThat(test("f|neq", literal(w), e)).isEqualTo(!test("f", literal(w), e));
    }

    @Property(tries = 500)
    void allRequiresEveryValueAndTheDefaultAny(@ForAll("words") String a, @ForAll("words") String b, @ForAll("texts") String text)
            throws RuleException {
        Event e = new Event().put("f", text);
        boolean ha = test("f|contains", literal(a), e);
        boolean hb = test("f|contains", literal(b), e);
        assertThat(test("f|contains|all", List.of(literal(a), literal(b)), e)).isEqualTo(ha && hb);
        assertThat(test("f|contains", List.of(literal(a), literal(b)), e)).isEqualTo(ha || hb);
    }

    @Property(tries = 500)
    void base64offsetFindsTheValueAfterAnyPrefix(@ForAll("words") String value, @ForAll("texts") String before,
                                                 @ForAll("texts") String after) throws RuleException {
        String encoded = Base64.getEncoder().encodeToString((before + value + after).getBytes(StandardCharsets.UTF_8));
        assertThat(test("f|base64offset|contains", literal(value), new Event().put("f", encoded))).isTrue();
    }

    @Property(tries = 300)
    void wideBase64IsTheBase64OfUtf16Le(@ForAll("words") String value) throws RuleException {
        String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_16LE));
        assertThat(test("f|wide|base64", literal(value), new Event().put("f", encoded))).isTrue();
    }

    @Property(tries = 300)
    void windashAcceptsAnyDashForAFlag(@ForAll("dash") char dash, @ForAll("flag") String flag) throws RuleException {
        Event e = new Event().put("f", "tool " + dash + flag + " x");
        assertThat(test("f|windash|contains", " -" + flag + " ", e)).isTrue();
    }

    @Provide
    Arbitrary<Character> dash() {
        return Arbitraries.of('-', '/', '\u2013', '\u2014', '\u2015');
    }

    @Provide
    Arbitrary<String> flag() {
        return Arbitraries.strings().withChars("abcxyz").ofMinLength(1).ofMaxLength(6);
    }

    @Property(tries = 500)
    void numericModifiersCompareNumbers(@ForAll int bound, @ForAll int v, @ForAll boolean asText) throws RuleException {
        Event e = new Event().put("n", asText ? (Object) Integer.toString(v) : (Object) (long) v);
        assertThat(test("n|gt", bound, e)).isEqualTo(v > bound);
        assertThat(test("n|gte", bound, e)).isEqualTo(v >= bound);
        assertThat(test("n|lt", bound, e)).isEqualTo(v < bound);
        assertThat(test("n|lte", bound, e)).isEqualTo(v <= bound);
    }
}
