package org.citywall.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryWhilePortTakenTest {
    private static final String TAKEN = "kafka exited with 1 before it was ready; log x ends with:\n"
            + "java.net.BindException: Address already in use";

    @Test
    void aStartThatFoundItsPortTakenIsTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        String started = ChildJvm.retryWhilePortTaken(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException(TAKEN);
            }
            return "up";
        });
        assertThat(started).isEqualTo("up");
        assertThat(calls).hasValue(3);
    }

    @Test
    void anyOtherFailureIsReportedAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ChildJvm.retryWhilePortTaken(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("elasticsearch not ready after 180 s");
        })).hasMessageContaining("not ready");
        assertThat(calls).hasValue(1);
    }

    @Test
    void afterThreeTakenPortsTheLastFailureIsReported() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ChildJvm.retryWhilePortTaken(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException(TAKEN);
        })).hasMessageContaining("Address already in use");
        assertThat(calls).hasValue(3);
    }
}
