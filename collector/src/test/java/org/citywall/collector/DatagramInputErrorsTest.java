package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** An error on a UDP socket is counted in the input's error metric, like on every other input, and the socket keeps serving. */
class DatagramInputErrorsTest {

    @Test
    void an_error_on_the_udp_socket_is_counted_as_rejected_error_and_the_socket_stays_open() {
        InputSpec spec = InputSpec.of("udp", InputType.SYSLOG_UDP, "127.0.0.1", 0, "d");
        InputMetrics metrics = new InputMetrics(new SimpleMeterRegistry(), spec);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            InflightBudget budget = new InflightBudget(1 << 20);
            Publisher publisher = new Publisher(new RecordingBus(), budget, timer, new BusHealth());
            InputContext input = new InputContext(spec, new InputOptions(spec), metrics, publisher, budget);
            EmbeddedChannel channel = new EmbeddedChannel(new DatagramInput.Handler(input));

            channel.pipeline().fireExceptionCaught(new IllegalStateException("boom (test)"));
            channel.pipeline().fireExceptionCaught(new java.io.IOException("no buffer space (test)"));

            assertThat(metrics.total("rejected")).isEqualTo(2);
            assertThat(channel.isOpen()).isTrue();
        } finally {
            timer.shutdownNow();
        }
    }
}
