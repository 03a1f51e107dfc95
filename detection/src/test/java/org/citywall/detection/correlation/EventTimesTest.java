package org.citywall.detection.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** The fast reading of {@code @timestamp} always agrees with {@link Instant#parse}. */
class EventTimesTest {

    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    @Property(tries = 3000)
    void canonicalTimesReadAsInstantParseReadsThem(@ForAll @LongRange(min = YEAR_0, max = YEAR_10000 - 1) long second,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = 0, max = 3) int precision) {
        int n = switch (precision) {
            case 0 -> 0;
            case 1 -> nanos / 1_000_000 * 1_000_000;
            case 2 -> nanos / 1000 * 1000;
            default -> nanos;
        };
        String text = Instant.ofEpochSecond(second, n).toString();
        assertThat(EventTimes.canonicalMillis(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
    }

    @Provide
    Arbitrary<String> nearlyCanonical() {
        Arbitrary<String> base = Arbitraries.of("2026-11-27T21:57:50.759Z", "2024-02-29T23:59:59Z", "1969-12-31T23:59:59.9999Z",
                "0000-01-01T00:00:00Z", "2023-02-29T00:00:00Z", "2026-11-27T21:57:60Z", "2026-13-01T00:00:00Z");
        return Arbitraries.lazy(() -> base.flatMap(b -> Arbitraries.integers().between(0, b.length() - 1)
                .flatMap(at -> Arbitraries.of('0', '1', '2', '9', '-', ':', '.', 'T', 'Z', 'z', '+', ' ')
                        .map(c -> b.substring(0, at) + c + b.substring(at + 1)))));
    }

    @Property(tries = 3000)
    void anythingElseIsLeftToInstantParse(@ForAll("nearlyCanonical") String text) {
        long fast = EventTimes.canonicalMillis(text);
        if (fast != EventTimes.NOT_CANONICAL) {
            assertThat(fast).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
        }
    }

    @Test
    void invalidDatesAndLeapSecondsAreNotReadHere() {
        assertThat(EventTimes.canonicalMillis("2023-02-29T00:00:00Z")).isEqualTo(EventTimes.NOT_CANONICAL);
        assertThat(EventTimes.canonicalMillis("2026-11-27T21:57:60Z")).isEqualTo(EventTimes.NOT_CANONICAL);
        assertThat(EventTimes.canonicalMillis("2026-11-27T21:57:50+01:00")).isEqualTo(EventTimes.NOT_CANONICAL);
        assertThatParseFails("2023-02-29T00:00:00Z");
    }

    @Test
    void anEventsTimeIsTheSameEitherWay() {
        Event e = new Event().put("@timestamp", "2026-11-27T21:57:50.759Z");
        assertThat(CorrelationInput.eventTime(e)).isEqualTo(Instant.parse("2026-11-27T21:57:50.759Z").toEpochMilli());
        assertThat(CorrelationInput.eventTime(new Event().put("@timestamp", 1234L))).isEqualTo(1234L);
        assertThat(CorrelationInput.eventTime(new Event().put("@timestamp", "yesterday"))).isNull();
        assertThat(CorrelationInput.eventTime(new Event())).isNull();
    }

    private static void assertThatParseFails(String text) {
        try {
            Instant.parse(text);
            throw new AssertionError("parsed " + text);
        } catch (DateTimeParseException expected) {
            // java.time rejects it too
        }
    }
}
