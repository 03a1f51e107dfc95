package org.citywall.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts HTTP request bodies into event bodies without decoding them: the bytes of each event go on the bus
 * as sent. Only as much JSON is parsed as the format's own framing needs (Elasticsearch action lines,
 * the boundaries of Splunk HEC event objects).
 */
final class HttpBodies {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    private HttpBodies() {}

    /** One Elasticsearch bulk action: its name and metadata, and the source document for index and create. */
    record EsAction(String action, String index, String id, byte[] source) {
        boolean stores() {
            return action.equals("index") || action.equals("create");
        }
    }

    /** Non-empty lines (NDJSON, HEC raw); a CR before the LF is not part of the line. */
    static List<byte[]> lines(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (end > start && !blank(body, start, end)) {
                    out.add(Arrays.copyOfRange(body, start, end));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * The actions of an Elasticsearch {@code _bulk} body: action lines, each {@code index} or {@code create}
     * followed by its source line, {@code update} by its document line, {@code delete} alone.
     *
     * @param defaultIndex the index named in the URL ({@code /{index}/_bulk}), or null
     */
    static List<EsAction> esBulk(byte[] body, String defaultIndex) throws MalformedBodyException {
        List<byte[]> lines = lines(body);
        List<EsAction> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            byte[] line = lines.get(i);
            String action;
            String index = defaultIndex;
            String id = null;
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                    throw new MalformedBodyException("bulk line " + (i + 1) + ": expected an action object such as {\"index\":{}}");
                }
                action = p.currentName();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new MalformedBodyException("bulk line " + (i + 1) + ": the action's metadata must be an object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("_index") && value == JsonToken.VALUE_STRING) {
                        index = p.getText();
                    } else if (field.equals("_id") && value.isScalarValue()) {
                        id = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                if (p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                    throw new MalformedBodyException("bulk line " + (i + 1) + ": one action per line");
                }
            } catch (IOException e) {
                throw new MalformedBodyException("bulk line " + (i + 1) + ": not JSON ("
                        + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            switch (action) {
                case "index", "create", "update" -> {
                    if (i + 1 >= lines.size()) {
                        throw new MalformedBodyException("bulk line " + (i + 1) + ": " + action + " without its document line");
                    }
                    out.add(new EsAction(action, index, id, lines.get(++i)));
                }
                case "delete" -> out.add(new EsAction(action, index, id, null));
                default -> throw new MalformedBodyException("bulk line " + (i + 1) + ": unknown action '" + action + "'");
            }
        }
        return out;
    }

    /**
     * The events of a Splunk HEC {@code /services/collector/event} body: JSON objects one after another
     * (with or without whitespace between), each with an {@code event} field. Each object is kept whole.
     */
    static List<byte[]> hecEvents(byte[] body) throws MalformedBodyException {
        List<byte[]> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                int n = out.size() + 1;
                if (t != JsonToken.START_OBJECT) {
                    throw new MalformedBodyException("event " + n + " is not a JSON object");
                }
                int start = (int) p.currentTokenLocation().getByteOffset();
                boolean hasEvent = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("event")) {
                        hasEvent = value != JsonToken.VALUE_NULL
                                && !(value == JsonToken.VALUE_STRING && p.getText().isEmpty());
                    }
                    p.skipChildren();
                }
                if (!hasEvent) {
                    throw new MalformedBodyException("event " + n + " has no (or an empty) \"event\" field");
                }
                int end = (int) p.currentLocation().getByteOffset();
                out.add(Arrays.copyOfRange(body, start, end));
            }
        } catch (IOException e) {
            throw new MalformedBodyException("not a sequence of JSON objects ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        return out;
    }

    /**
     * The records of CloudTrail log files as CloudTrail delivers them to S3 and CloudWatch Logs
     * subscribers forward them: JSON objects one after another, each {@code {"Records":[{...}, ...]}}
     * (other top-level fields are ignored). Each record becomes one event, its bytes as sent.
     */
    static List<byte[]> cloudTrailRecords(byte[] body) throws MalformedBodyException {
        List<byte[]> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t;
            int file = 0;
            while ((t = p.nextToken()) != null) {
                file++;
                if (t != JsonToken.START_OBJECT) {
                    throw new MalformedBodyException("log file " + file + " is not a JSON object");
                }
                boolean records = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (!field.equals("Records")) {
                        p.skipChildren();
                        continue;
                    }
                    if (value != JsonToken.START_ARRAY) {
                        throw new MalformedBodyException("log file " + file + ": \"Records\" must be an array");
                    }
                    records = true;
                    int n = 0;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        n++;
                        if (t != JsonToken.START_OBJECT) {
                            throw new MalformedBodyException("log file " + file + ": record " + n + " is not a JSON object");
                        }
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        out.add(Arrays.copyOfRange(body, start, (int) p.currentLocation().getByteOffset()));
                    }
                }
                if (!records) {
                    throw new MalformedBodyException("log file " + file + " has no \"Records\" array");
                }
            }
        } catch (IOException e) {
            throw new MalformedBodyException("not a sequence of CloudTrail log files ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        return out;
    }

    private static boolean blank(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
