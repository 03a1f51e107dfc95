package org.citywall.detection.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.citywall.event.Ecs;
import org.citywall.event.Event;
import org.citywall.event.Json;

/**
 * JSON objects, one per event: AWS CloudTrail records and CityWall's own logs are recognised by
 * their keys; a document with {@code @timestamp} or {@code ecs.version} is ECS and passes through
 * (its fields as given, the decoder's provenance fields winning); any other object is flattened
 * under {@code json.*}, with the usual message, level, time and host keys mapped to ECS.
 */
final class JsonDecoder {

    static final String CODEC = "json";

    /** Which records a fixed format accepts. */
    enum Expect { ANY, CLOUDTRAIL, CITYWALL }

    // Json.MAPPER bounds nesting depth and string sizes, so hostile documents fail fast
    // untyped: objects come back as LinkedHashMap, anything else is reported as not an object;
    // without USE_LONG_FOR_INTS an integer beyond long range is a BigInteger rather than an error
    private static final ObjectReader READER = Json.MAPPER.readerFor(Object.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .without(DeserializationFeature.USE_LONG_FOR_INTS);

    /** Fields the decoder sets from the raw event; a JSON document cannot override them. */
    private static final List<String> PROVENANCE = List.of(Ecs.EVENT_ORIGINAL, Ecs.EVENT_ID, Ecs.EVENT_CREATED,
            Ecs.CITYWALL_DOMAIN, Ecs.CITYWALL_INPUT, Ecs.CITYWALL_PEER, Ecs.TIMESTAMP, Ecs.TAGS);

    /**
     * Decodes the JSON text {@code s} (from {@code from}), or the raw bytes when {@code bytes} is
     * non-null (faster, and error columns are then byte offsets).
     */
    void decode(String s, int from, byte[] bytes, Expect expect, DecodeContext ctx) throws DecodeException {
        Map<String, Object> doc = read(s, from, bytes);
        boolean cloudTrail = CloudTrailMapper.isCloudTrail(doc);
        boolean cityWall = !cloudTrail && CityWallLogMapper.isCityWall(doc);
        if (expect == Expect.CLOUDTRAIL && !cloudTrail) {
            throw new DecodeException("cloudtrail", "not_cloudtrail", -1,
                    "expecting a CloudTrail record (eventName with eventSource, awsRegion or userIdentity)");
        }
        if (expect == Expect.CITYWALL && !cityWall) {
            throw new DecodeException("citywall", "not_citywall", -1,
                    "expecting a CityWall log record (service citywall.console or citywall.crypto)");
        }
        if (cloudTrail) {
            CloudTrailMapper.map(doc, ctx);
            ctx.handledBy(Format.CLOUDTRAIL, DecodeCounters.Outcome.DECODED);
        } else if (cityWall) {
            CityWallLogMapper.map(doc, ctx);
            ctx.handledBy(Format.CITYWALL, DecodeCounters.Outcome.DECODED);
        } else if (doc.containsKey("@timestamp") || doc.containsKey("ecs") || doc.containsKey("ecs.version")) {
            ecs(doc, ctx);
            ctx.handledBy(Format.JSON, DecodeCounters.Outcome.DECODED);
        } else {
            generic(doc, ctx);
            ctx.handledBy(Format.JSON, DecodeCounters.Outcome.DECODED);
        }
    }

    private static Map<String, Object> read(String s, int from, byte[] bytes) throws DecodeException {
        try {
            Object v = bytes != null ? READER.readValue(bytes) : READER.readValue(s.substring(from));
            if (v instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) v;
                return m;
            }
            throw new DecodeException(CODEC, "not_object", from, "expecting a JSON object at column " + from);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long offset = at == null ? -1 : bytes != null ? at.getByteOffset() : at.getCharOffset();
            int column = offset < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, offset + (bytes != null ? 0 : from));
            String msg = e.getOriginalMessage();
            int newline = msg.indexOf('\n');
            // Jackson quotes a snippet of the input in its message; keep only the first line of the explanation
            throw new DecodeException(CODEC, "syntax", column, (newline > 0 ? msg.substring(0, newline) : msg)
                    + (column >= 0 ? " at column " + column : ""));
        } catch (IOException e) {
            throw new DecodeException(CODEC, "syntax", -1, "unreadable JSON");
        }
    }

    private static void ecs(Map<String, Object> doc, DecodeContext ctx) {
        Event flat = new Event(doc.size() * 2);
        JsonFlattener.flatten(doc, "", flat);
        Event e = ctx.event;
        for (Map.Entry<String, Object> f : flat.fields().entrySet()) {
            if (!PROVENANCE.contains(f.getKey())) {
                e.put(f.getKey(), f.getValue());
            }
        }
        Object tags = flat.get(Ecs.TAGS);
        if (tags instanceof List<?> l) {
            for (Object t : l) {
                e.addTag(String.valueOf(t));
            }
        } else if (tags != null) {
            e.addTag(tags.toString());
        }
        time(flat.get(Ecs.TIMESTAMP), ctx);
        e.putIfAbsent(Ecs.EVENT_MODULE, "json");
        e.putIfAbsent(Ecs.EVENT_DATASET, "json.log");
    }

    private static void generic(Map<String, Object> doc, DecodeContext ctx) {
        Event e = ctx.event;
        e.put(Ecs.EVENT_MODULE, "json");
        e.put(Ecs.EVENT_DATASET, "json.log");
        JsonFlattener.flatten(doc, "json", e);
        for (String key : new String[] {"message", "msg"}) {
            if (doc.get(key) instanceof String m) {
                e.put(Ecs.MESSAGE, m);
                break;
            }
        }
        for (String key : new String[] {"level", "severity", "loglevel"}) {
            if (doc.get(key) instanceof String l) {
                e.put("log.level", l);
                break;
            }
        }
        for (String key : new String[] {"timestamp", "time", "ts", "date"}) {
            if (doc.containsKey(key) && time(doc.get(key), ctx)) {
                break;
            }
        }
        for (String key : new String[] {"host", "hostname"}) {
            if (doc.get(key) instanceof String h) {
                e.put(Ecs.HOST_NAME, h);
                break;
            }
        }
    }

    /** ISO 8601 text or epoch seconds/milliseconds; true when it became the event time. */
    private static boolean time(Object v, DecodeContext ctx) {
        if (v instanceof String s && ctx.timestamps.iso(s, 0, true) == s.length()) {
            ctx.eventTime(ctx.timestamps.instant);
            return true;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            // seconds until the year 2286, milliseconds after
            long millis = d < 1e10 ? (long) (d * 1000) : (long) d;
            if (millis > 0) {
                ctx.eventTime(java.time.Instant.ofEpochMilli(millis));
                return true;
            }
        }
        return false;
    }
}
