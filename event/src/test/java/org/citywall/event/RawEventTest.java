package org.citywall.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RawEventTest {

    @Property
    void wireFormRoundTripsAnyBodyAndLabels(@ForAll byte[] body, @ForAll long receivedAt, @ForAll("labels") String peer,
            @ForAll("labels") String input, @ForAll("labels") String domain, @ForAll @IntRange(max = 255) int flags) {
        RawEvent e = new RawEvent(body, receivedAt, peer, input, domain, flags);
        assertThat(RawEvent.fromBytes(e.toBytes())).isEqualTo(e);
    }

    @Property
    void everyTruncationOfTheWireFormIsRejected(@ForAll("events") RawEvent e, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] wire = e.toBytes();
        int len = cut % wire.length;
        assertThatThrownBy(() -> RawEvent.fromBytes(Arrays.copyOf(wire, len)))
                .isInstanceOf(MalformedRawEventException.class);
    }

    @Property
    void arbitraryBytesEitherDecodeOrAreRejectedCleanly(@ForAll byte[] junk) {
        try {
            RawEvent.fromBytes(junk);
        } catch (MalformedRawEventException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] wire = new RawEvent("x".getBytes(StandardCharsets.UTF_8), 1, "p", "i", "d").toBytes();
        byte[] longer = Arrays.copyOf(wire, wire.length + 1);
        assertThatThrownBy(() -> RawEvent.fromBytes(longer)).isInstanceOf(MalformedRawEventException.class)
                .hasMessageContaining("body length");
    }

    @Test
    void toStringNeverShowsTheBody() {
        RawEvent e = new RawEvent("password=hunter2".getBytes(StandardCharsets.UTF_8), 0, "10.0.0.1:514", "syslog-tcp", "taiyuan");
        assertThat(e.toString()).doesNotContain("hunter2").contains("syslog-tcp", "taiyuan");
    }

    @Test
    void truncatedFlagIsCarried() {
        RawEvent e = new RawEvent(new byte[] {1}, 0, "p", "i", "d", RawEvent.FLAG_TRUNCATED);
        assertThat(RawEvent.fromBytes(e.toBytes()).truncated()).isTrue();
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.strings().ofMaxLength(40);
    }

    @Provide
    Arbitrary<RawEvent> events() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200)
                .map(b -> new RawEvent(b, 42, "10.0.0.1:5000", "syslog-udp", "province"));
    }
}
