package org.citywall.detection.decode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.citywall.event.Event;
import org.citywall.event.RawEvent;

/** Test shorthand: decode a line with a fixed receive time. */
final class Decoding {
    private Decoding() {}

    static final Instant RECEIVED = Instant.parse("2026-11-27T02:00:00Z");

    static Event decode(String line) {
        return decode(DecoderConfig.defaults(), line);
    }

    static Event decode(Format format, String line) {
        return decode(DecoderConfig.builder().format(format).build(), line);
    }

    static Event decode(DecoderConfig config, String line) {
        return decode(config, line.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    static Event decode(DecoderConfig config, byte[] bytes, Instant receivedAt) {
        return new EventDecoder(config).decode(raw(bytes, receivedAt), "test-1");
    }

    static RawEvent raw(byte[] bytes, Instant receivedAt) {
        return new RawEvent(bytes, receivedAt.toEpochMilli(), "192.0.2.1:514", "syslog-udp", "taiyuan");
    }
}
