package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.Test;

/** JSON lines over TCP: one object per LF-terminated line, never octet counting. */
class JsonLinesInputTest {

    @Test
    void each_line_is_one_event_even_when_it_starts_with_digits_and_a_space() throws Exception {
        RecordingBus bus = new RecordingBus();
        try (Collector c = Collector.builder()
                .input(InputSpec.of("json", InputType.JSON_TCP, "127.0.0.1", 0, "sector-water"))
                .bus(bus).build().start();
             Socket s = new Socket("127.0.0.1", c.boundAddress("json").getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("{\"event\":\"login\",\"user\":\"张三\"}\n"
                    + "12 {\"n\":12}\r\n"
                    + "{\"last\":true}").getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput(); // the last line has no LF: it is kept when the connection ends
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.events().size() == 3);
        }
        assertThat(bus.events()).extracting(RawEvent::bodyAsString)
                .containsExactly("{\"event\":\"login\",\"user\":\"张三\"}", "12 {\"n\":12}", "{\"last\":true}");
        assertThat(bus.events()).allSatisfy(e -> {
            assertThat(e.input()).isEqualTo("json");
            assertThat(e.domain()).isEqualTo("sector-water");
        });
    }
}
