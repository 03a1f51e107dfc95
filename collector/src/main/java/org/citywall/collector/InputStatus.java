package org.citywall.collector;

import java.net.InetSocketAddress;

/**
 * A snapshot of one input for {@code citywall status}: counts since the collector started.
 *
 * @param name              the input's name
 * @param type              its type id, e.g. {@code syslog-tcp}
 * @param domain            the domain it stamps (HTTP: the default for tokens that name none)
 * @param address           where it listens
 * @param frames            frames received and handed to the bus
 * @param bytes             their body bytes
 * @param oversized         frames over the maximum size (truncated or rejected)
 * @param rejected          frames, requests and connections refused, all reasons together
 * @param dropped           frames lost without the sender being told (UDP under backpressure, shutdown)
 * @param openConnections   connections open now
 * @param busErrors         failed attempts to store a frame on the bus (each is retried)
 * @param busLatencyMeanMillis mean time from receipt until durable, in milliseconds
 * @param busLatencyMaxMillis  the largest such time seen recently, in milliseconds
 */
public record InputStatus(String name, String type, String domain, InetSocketAddress address, long frames, long bytes,
                          long oversized, long rejected, long dropped, int openConnections, long busErrors,
                          double busLatencyMeanMillis, double busLatencyMaxMillis) {

    /** One line for {@code citywall status}, e.g. {@code syslog-tcp  syslog-tcp 127.0.0.1:5514 taiyuan  frames=12 ...}. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%-12s %-10s %s:%d %-10s frames=%d bytes=%d oversized=%d rejected=%d dropped=%d connections=%d"
                        + " bus_errors=%d bus_latency_mean_ms=%.1f bus_latency_max_ms=%.1f",
                name, type, address.getAddress().getHostAddress(), address.getPort(), domain, frames, bytes, oversized,
                rejected, dropped, openConnections, busErrors, busLatencyMeanMillis, busLatencyMaxMillis);
    }
}
