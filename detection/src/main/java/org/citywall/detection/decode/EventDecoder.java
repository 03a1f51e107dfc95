package org.citywall.detection.decode;

import java.nio.charset.StandardCharsets;
import org.citywall.event.Ecs;
import org.citywall.event.Event;
import org.citywall.event.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw events from the bus into normalised ECS events: picks the codec (fixed per input or
 * recognised from the bytes), decodes, and normalises what the message says (sshd, sudo, auditd,
 * access logs, firewall records, CloudTrail, ...). Field names are documented in
 * {@code detection/FIELDS.md}.
 *
 * <p>{@link #decode} never throws and never drops: an event no codec can read comes back with
 * {@code event.original}, {@code error.type}, {@code error.code}, {@code error.message}, the byte
 * column in {@value #FIELD_DECODE_COLUMN} where known, and tag {@value #TAG_DECODE_FAILURE}; every
 * outcome is counted in {@link #counters()}.
 *
 * <p>Not thread-safe: build one per thread (in a Flink operator's {@code open()}) from a
 * {@link DecoderConfig}, which is what gets serialised.
 */
public final class EventDecoder {

    /** Tag of an event no codec could read. */
    public static final String TAG_DECODE_FAILURE = "decode_failure";
    /** Tag of a syslog message kept in lenient mode although it breaks its RFC. */
    public static final String TAG_SYSLOG_UNPARSED = "syslog_unparsed";
    /** Tag of an event whose format auto-detection did not recognise: kept as plain text. */
    public static final String TAG_UNRECOGNISED = "unrecognised_format";
    /** Tag of an event whose bytes were not UTF-8 and were read in the fallback charset. */
    public static final String TAG_NOT_UTF8 = "non_utf8";
    /** The codec that rejected (or only partly read) the event, e.g. {@code rfc5424}. */
    public static final String FIELD_DECODE_CODEC = "citywall.decode.codec";
    /** 0-based byte offset of the first error in the raw bytes, when the codec knows it. */
    public static final String FIELD_DECODE_COLUMN = "citywall.decode.column";
    /** {@code event.dataset} of a decode failure. */
    public static final String DATASET_UNKNOWN = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(EventDecoder.class);

    private final DecoderConfig config;
    private final DecodeContext ctx;
    private final Codecs codecs;
    private final DecodeCounters counters = new DecodeCounters();

    public EventDecoder(DecoderConfig config) {
        this.config = config;
        this.ctx = new DecodeContext(config);
        this.codecs = new Codecs(ctx);
    }

    public DecoderConfig config() {
        return config;
    }

    /** Counts of decoded, unparsed, unrecognised and failed events per codec since construction. */
    public DecodeCounters counters() {
        return counters;
    }

    /**
     * Decodes one raw event.
     *
     * @param raw the bytes and their provenance (input, peer, domain, receive time)
     * @param eventId the event's id, normally derived from its position on the bus
     * @return the normalised event; never null, never an exception, whatever the bytes
     */
    /** Fields a decoded event usually ends with (a CloudTrail record flattens to more, a firewall line to fewer). */
    private static final int EXPECTED_FIELDS = 40;

    public Event decode(RawEvent raw, String eventId) {
        byte[] body = raw.body();
        boolean utf8 = Utf8.firstInvalid(body, 0, body.length) < 0;
        String text = new String(body, utf8 ? StandardCharsets.UTF_8 : ctx.fallback);
        String received = receivedText(raw.receivedAtMillis());

        Event e = new Event(EXPECTED_FIELDS);
        e.put(Ecs.TIMESTAMP, received);
        ctx.reset(body, text, utf8, raw.receivedAtMillis(), e);
        Format format = config.formatFor(raw.input());
        try {
            codecs.decode(format, ctx);
        } catch (DecodeException ex) {
            e = failure(ex.codec(), ex.kind(), ex.getMessage(), ex.column(), received);
            ctx.handledBy(codecOf(ex.codec()), DecodeCounters.Outcome.FAILED);
        } catch (RuntimeException ex) {
            // a codec bug must not take the job down: keep the event, count it, log without the body
            LOG.warn("decoder_bug format={} input={} exception={}", format.id(), raw.input(), ex.getClass().getName());
            Format codec = ctx.codec;
            e = failure(codec.id(), "internal", "internal decoder error (" + ex.getClass().getSimpleName() + ")", -1, received);
            ctx.handledBy(codec, DecodeCounters.Outcome.FAILED);
        }
        e.put(Ecs.EVENT_ORIGINAL, text);
        e.put(Ecs.EVENT_ID, eventId);
        e.put(Ecs.EVENT_CREATED, received);
        e.put(Ecs.CITYWALL_DOMAIN, raw.domain());
        e.put(Ecs.CITYWALL_INPUT, raw.input());
        e.put(Ecs.CITYWALL_PEER, raw.peer());
        if (!utf8) {
            e.addTag(TAG_NOT_UTF8);
        }
        if (raw.truncated()) {
            e.addTag("truncated");
        }
        counters.add(ctx.codec, ctx.outcome);
        return e;
    }

    private long lastReceived = Long.MIN_VALUE;
    private String lastReceivedText;

    /** Events arrive in bursts from the same millisecond: format each receive time once. */
    private String receivedText(long millis) {
        if (millis != lastReceived) {
            lastReceivedText = IsoInstant.format(Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000);
            lastReceived = millis;
        }
        return lastReceivedText;
    }

    private static Event failure(String codec, String kind, String message, int column, String received) {
        Event e = new Event();
        e.put(Ecs.TIMESTAMP, received);
        e.put(Ecs.EVENT_MODULE, DATASET_UNKNOWN);
        e.put(Ecs.EVENT_DATASET, DATASET_UNKNOWN);
        e.put(Ecs.ERROR_TYPE, codec + "." + kind);
        e.put("error.code", kind);
        e.put(Ecs.ERROR_MESSAGE, message);
        e.put(FIELD_DECODE_CODEC, codec);
        if (column >= 0) {
            e.put(FIELD_DECODE_COLUMN, (long) column);
        }
        e.addTag(TAG_DECODE_FAILURE);
        return e;
    }

    private static Format codecOf(String id) {
        try {
            return Format.of(id);
        } catch (IllegalArgumentException e) {
            return Format.PLAIN;
        }
    }
}
