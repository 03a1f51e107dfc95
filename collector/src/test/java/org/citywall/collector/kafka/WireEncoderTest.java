package org.citywall.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.citywall.event.RawEvent;

/** The bus's encoder writes exactly what {@link RawEvent#toBytes()} writes, whatever it saw before. */
class WireEncoderTest {

    @Provide
    Arbitrary<List<RawEvent>> events() {
        Arbitrary<String> label = Arbitraries.oneOf(Arbitraries.of("taiyuan", "syslog-tcp", "127.0.0.1:5514", ""),
                Arbitraries.strings().ofMaxLength(40));
        Arbitrary<RawEvent> event = Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.longs(),
                label, label, label,
                Arbitraries.integers().between(0, 255))
                .as(RawEvent::new);
        return event.list().ofMaxSize(12);
    }

    @Property(tries = 500)
    void encodes_byte_for_byte_like_RawEvent_and_decodes_back(@ForAll("events") List<RawEvent> events) {
        WireEncoder encoder = new WireEncoder();
        for (RawEvent e : events) {
            byte[] wire = encoder.encode(e);
            assertThat(wire).isEqualTo(e.toBytes());
            assertThat(RawEvent.fromBytes(wire)).isEqualTo(e);
            assertThat(encoder.key(e)).isEqualTo(e.peer().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
