package org.citywall.detection.decode;

import java.nio.charset.Charset;
import java.time.ZoneId;
import org.citywall.event.Event;

/**
 * One decoder's settings and scratch state, plus the event being decoded. Thread-confined: a
 * decoder owns one and reuses it for every event.
 */
final class DecodeContext {

    final boolean strictSyslog;
    final Charset fallback;
    final ZoneId zone;
    final Timestamps timestamps;

    byte[] bytes;
    /** The whole body as text: UTF-8 when well-formed, else the fallback charset. */
    String text;
    /** True when the body is well-formed UTF-8 (so {@link #text} is its exact reading). */
    boolean utf8;
    long receivedAtMillis;
    Event event;

    /** True once an envelope (syslog header) gave the event its time; inner timestamps then stay out of @timestamp. */
    boolean timeSet;

    /** The codec that ended up handling the event, for the counters. */
    Format codec;
    DecodeCounters.Outcome outcome;

    DecodeContext(DecoderConfig config) {
        this.strictSyslog = config.syslogMode() == SyslogMode.STRICT;
        this.fallback = config.fallbackCharset();
        this.zone = config.zone();
        this.timestamps = new Timestamps(zone);
    }

    void reset(byte[] bytes, String text, boolean utf8, long receivedAtMillis, Event event) {
        this.bytes = bytes;
        this.text = text;
        this.utf8 = utf8;
        this.receivedAtMillis = receivedAtMillis;
        this.event = event;
        this.timeSet = false;
        this.codec = Format.PLAIN;
        this.outcome = DecodeCounters.Outcome.DECODED;
    }

    /** Sets {@code @timestamp} unless an envelope already did: the envelope's time wins. */
    void eventTime(java.time.Instant t) {
        if (!timeSet && t != null) {
            event.put(org.citywall.event.Ecs.TIMESTAMP, IsoInstant.format(t));
            timeSet = true;
        }
    }

    void handledBy(Format codec, DecodeCounters.Outcome outcome) {
        this.codec = codec;
        this.outcome = outcome;
    }
}
