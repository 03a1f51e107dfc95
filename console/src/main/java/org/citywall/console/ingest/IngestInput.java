package org.citywall.console.ingest;

/**
 * One collector input's counters since the collector started, as the runtime hands them to the
 * console (the console does not depend on the collector; the app maps the collector's
 * {@code InputStatus} to this).
 *
 * @param name            the input's name
 * @param type            e.g. {@code syslog-tcp}
 * @param domain          the domain it stamps
 * @param address         where it listens, e.g. {@code 0.0.0.0:6514}
 * @param frames          frames received and handed to the bus
 * @param bytes           their body bytes
 * @param oversized       frames over the maximum size
 * @param rejected        frames, requests and connections refused
 * @param dropped         frames lost without the sender being told
 * @param openConnections connections open now
 * @param busErrors       failed attempts to store a frame on the bus
 * @param busLatencyMeanMillis mean receipt-to-durable time
 */
public record IngestInput(String name, String type, String domain, String address, long frames, long bytes, long oversized,
                          long rejected, long dropped, int openConnections, long busErrors, double busLatencyMeanMillis) {
}
