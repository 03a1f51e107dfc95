package org.citywall.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Lockout with back-off, counted per name before the password is checked. */
class LoginThrottleTest {

    private final org.citywall.console.SteppingClock clock = new org.citywall.console.SteppingClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(30), Duration.ofMinutes(15), clock);

    @Test
    void parallel_guesses_get_no_more_tries_than_the_threshold() {
        // three guesses are being checked at once: a fourth must wait, whatever their outcome will be
        assertThat(throttle.begin("alice")).isZero();
        assertThat(throttle.begin("alice")).isZero();
        assertThat(throttle.begin("alice")).isZero();
        assertThat(throttle.begin("alice")).isPositive();
        throttle.failure("alice");
        throttle.failure("alice");
        assertThat(throttle.failure("alice")).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.begin("alice")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void an_attempt_that_ends_without_an_answer_gives_its_slot_back() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.begin("bob")).isZero();
            throttle.abandon("bob");
        }
        assertThat(throttle.begin("bob")).isZero();
    }

    @Test
    void lockouts_double_up_to_the_longest() {
        Duration last = Duration.ZERO;
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 3; i++) {
                assertThat(throttle.begin("carol")).isZero();
                last = throttle.failure("carol");
            }
            clock.now = clock.now.plus(last);
        }
        assertThat(last).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void names_with_nothing_to_remember_are_forgotten() {
        throttle.begin("dave");
        throttle.success("dave");
        assertThat(throttle.size()).isZero();
        // guesses at many names that never come back are swept once they are forgiven
        for (int i = 0; i < 5000; i++) {
            throttle.begin("guess-" + i);
            throttle.failure("guess-" + i);
        }
        assertThat(throttle.size()).isGreaterThanOrEqualTo(4000);
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        for (int i = 0; i < 4096; i++) {
            throttle.begin("later");
            throttle.abandon("later");
        }
        assertThat(throttle.size()).isLessThan(10);
    }
}
