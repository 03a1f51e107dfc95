package org.citywall.collector;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the open connections of one input, in total and per source address, against their limits. */
final class ConnectionLimits {

    private final int maxTotal;
    private final int maxPerPeer;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perPeer = new ConcurrentHashMap<>();

    ConnectionLimits(int maxTotal, int maxPerPeer) {
        this.maxTotal = maxTotal;
        this.maxPerPeer = maxPerPeer;
    }

    /** Takes a slot for a new connection; {@code null} when it fits, else the limit it would break. */
    String admit(InetAddress peer) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return "connection_limit";
        }
        AtomicInteger n = perPeer.computeIfAbsent(peer, p -> new AtomicInteger());
        if (n.incrementAndGet() > maxPerPeer) {
            release(peer);
            return "peer_connection_limit";
        }
        return null;
    }

    /** Frees the slot of a connection that {@link #admit} let in. */
    void release(InetAddress peer) {
        total.decrementAndGet();
        perPeer.computeIfPresent(peer, (p, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
