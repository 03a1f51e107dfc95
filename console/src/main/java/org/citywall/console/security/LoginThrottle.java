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
 *
 * <p>An attempt takes a slot before its password is checked ({@link #begin}): a password hash takes
 * a while to verify, and without slots a burst of parallel guesses would all pass the lock check
 * before the first of them failed. Names with nothing to remember are dropped, so guesses at a
 * million names do not keep a million entries.
 */
public final class LoginThrottle {
    private final int threshold;
    private final Duration base;
    private final Duration max;
    private final Clock clock;
    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong beginCalls = new java.util.concurrent.atomic.AtomicLong();

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

    /**
     * Starts an attempt: zero when the password may be checked now (a slot is taken; end it with
     * {@link #failure}, {@link #success} or {@link #abandon}), else how long to wait — the name is
     * locked, or as many attempts as may still fail before a lockout are already being checked.
     */
    public Duration begin(String username) {
        if ((beginCalls.incrementAndGet() & 4095) == 0) {
            sweep();
        }
        while (true) {
            State s = states.computeIfAbsent(key(username), k -> new State());
            synchronized (s) {
                if (s.dropped) {
                    continue; // removed meanwhile: take the live entry
                }
                s.lastSeen = clock.instant();
                Duration left = Duration.between(s.lastSeen, s.lockedUntil);
                if (!left.isNegative() && !left.isZero()) {
                    return left;
                }
                if (s.failures + s.inFlight >= threshold) {
                    return Duration.ofSeconds(1);
                }
                s.inFlight++;
                return Duration.ZERO;
            }
        }
    }

    /** Forgets names untouched for twice the longest lockout: their failures and back-off are forgiven anyway. */
    private void sweep() {
        Instant horizon = clock.instant().minus(max.multipliedBy(2));
        states.forEach((name, s) -> {
            synchronized (s) {
                if (s.inFlight == 0 && s.lastSeen.isBefore(horizon) && s.lockedUntil.isBefore(horizon)) {
                    s.dropped = true;
                    states.remove(name, s);
                }
            }
        });
    }

    /** Ends an attempt that was neither a success nor a failure (e.g. the request broke). */
    public void abandon(String username) {
        State s = states.get(key(username));
        if (s != null) {
            synchronized (s) {
                s.inFlight = Math.max(0, s.inFlight - 1);
                forgetIfIdle(username, s);
            }
        }
    }

    /** Names remembered, for tests and metrics. */
    public int size() {
        return states.size();
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
        while (true) {
            State s = states.computeIfAbsent(key(username), k -> new State());
            Duration lock = failure(s, clock.instant());
            if (lock != null) {
                return lock;
            }
        }
    }

    /** Counts a failure on {@code s}; null when {@code s} was dropped meanwhile. */
    private Duration failure(State s, Instant now) {
        synchronized (s) {
            if (s.dropped) {
                return null;
            }
            s.lastSeen = now;
            s.inFlight = Math.max(0, s.inFlight - 1);
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
                s.inFlight = Math.max(0, s.inFlight - 1);
                s.failures = 0;
                forgetIfIdle(username, s);
            }
        }
    }

    /** Drops a name whose entry says nothing: no failures, nothing in flight, no lockout to remember. Holds {@code s}. */
    private void forgetIfIdle(String username, State s) {
        boolean lockoutForgiven = s.lastLockout == null
                || Duration.between(s.lastLockout, clock.instant()).compareTo(max.multipliedBy(2)) > 0;
        if (s.failures == 0 && s.inFlight == 0 && lockoutForgiven) {
            s.dropped = true;
            states.remove(key(username), s);
        }
    }

    private static String key(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }

    private static final class State {
        int failures;
        int inFlight;
        boolean dropped;
        Instant lastSeen = Instant.MIN;
        int lockouts;
        Instant lastLockout;
        Instant lockedUntil = Instant.MIN;
    }
}
