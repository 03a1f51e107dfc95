package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The multi-pattern search reports exactly the patterns that {@code String.contains} finds. */
class AhoCorasickPropertiesTest {

    @Provide
    Arbitrary<List<String>> patterns() {
        return Arbitraries.strings().withChars("abc.é/").ofMinLength(1).ofMaxLength(5).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abcdé./x").ofMaxLength(40);
    }

    @Property(tries = 1000)
    void findsExactlyTheContainedPatterns(@ForAll("patterns") List<String> patterns, @ForAll("texts") String text) {
        List<Integer> payloads = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            payloads.add(i);
        }
        Set<Integer> found = new TreeSet<>();
        new AhoCorasick(patterns, payloads).search(text, found::add);
        Set<Integer> expected = new TreeSet<>();
        for (int i = 0; i < patterns.size(); i++) {
            if (text.contains(patterns.get(i))) {
                expected.add(i);
            }
        }
        assertThat(found).isEqualTo(expected);
    }
}
