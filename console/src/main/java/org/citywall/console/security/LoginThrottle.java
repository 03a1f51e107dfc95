package org.citywall.console.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Lockout with exponential back-off, per user name (whether or not the account exists, so the
 * answer never tells which names are real): after {@code threshold} consecutive failures the name
 * is locked for {@code base}; every further lockout doubles it, up to {@code max}. A success clears
 * the count; the back-off level decays only after a quiet period of {@code max}.
 */
public final class LoginThrottle {
    private final int threshold;
    private final Duration base;
    private final Duration max;
    private final Clock clock;
    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

    /**
     * @param threshold consecutive failures before a lockout, e.g. 5
     * @param base      the first lockout, e.g. 30 s
     * @param max       the longest lockout, e.g. 15 min
     */
    public LoginThrottle(int threshold, Duration base, Duration max, Clock clock) {
        if (threshold < 1 || base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("threshold >= 1 and 0 <= base <= max");
        }
        this.threshold = threshold;
        this.base = base;
        this.max = max;
        this.clock = clock;
    }

    /** The default policy: 5 failures, 30 s first lockout, 15 min longest. */
    public static LoginThrottle standard() {
        return new LoginThrottle(5, Duration.ofSeconds(30), Duration.ofMinutes(15), Clock.systemUTC());
    }

    /** How long {@code username} is still locked; zero when a log-in may be tried. */
    public Duration lockedFor(String username) {
        State s = states.get(key(username));
        if (s == null) {
            return Duration.ZERO;
        }
        synchronized (s) {
            Duration left = Duration.between(clock.instant(), s.lockedUntil);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    /**
     * Counts a failure.
     *
     * @return the lockout this failure started, or zero when the name is not (newly) locked
     */
    public Duration failure(String username) {
        State s = states.computeIfAbsent(key(username), k -> new State());
        Instant now = clock.instant();
        synchronized (s) {
            if (s.lastLockout != null && Duration.between(s.lastLockout, now).compareTo(max.multipliedBy(2)) > 0) {
                s.lockouts = 0; // a long quiet period forgives earlier lockouts
            }
            s.failures++;
            if (s.failures < threshold) {
                return Duration.ZERO;
            }
            Duration lock = base.multipliedBy(1L << Math.min(s.lockouts, 20));
            if (lock.compareTo(max) > 0) {
                lock = max;
            }
            s.lockouts++;
            s.failures = 0;
            s.lastLockout = now;
            s.lockedUntil = now.plus(lock);
            return lock;
        }
    }

    /** Clears the failure count after a successful log-in. */
    public void success(String username) {
        State s = states.get(key(username));
        if (s != null) {
            synchronized (s) {
                s.failures = 0;
            }
        }
    }

    private static String key(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }

    private static final class State {
        int failures;
        int lockouts;
        Instant lastLockout;
        Instant lockedUntil = Instant.MIN;
    }
}
