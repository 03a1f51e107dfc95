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
}
