package org.citywall.collector;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.event.Json;

/** The JSON answers of the HTTP input, in the dialect each kind of client expects. */
final class HttpReplies {
    private HttpReplies() {}

    /** Which API a request came through, so errors come back in a shape its clients parse. */
    enum Dialect { NDJSON, ELASTICSEARCH, SPLUNK }

    static FullHttpResponse json(HttpResponseStatus status, Object body, Dialect dialect) {
        byte[] bytes = Json.writeBytes(body);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (dialect == Dialect.ELASTICSEARCH) {
            // Elastic's own clients refuse answers without it
            r.headers().set("X-Elastic-Product", "Elasticsearch");
        }
        return r;
    }

    static FullHttpResponse error(HttpResponseStatus status, String reason, Dialect dialect) {
        Object body = switch (dialect) {
            case ELASTICSEARCH -> Map.of("status", status.code(),
                    "error", Map.of("type", esType(status), "reason", reason));
            case SPLUNK -> Map.of("text", reason, "code", splunkCode(status));
            case NDJSON -> Map.of("error", reason);
        };
        FullHttpResponse r = json(status, body, dialect);
        if (status.code() == 401) {
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"citywall\", Basic realm=\"citywall\"");
        }
        return r;
    }

    /** A 429 or 503 with the seconds after which to retry. */
    static FullHttpResponse busy(HttpResponseStatus status, int retryAfterSeconds, String reason, Dialect dialect) {
        FullHttpResponse r = error(status, reason, dialect);
        r.headers().setInt(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
        return r;
    }

    static FullHttpResponse esBulk(List<HttpBodies.EsAction> actions, List<String> ids, List<String> errors, long tookMillis) {
        List<Object> items = new java.util.ArrayList<>(actions.size());
        boolean anyError = false;
        for (int i = 0; i < actions.size(); i++) {
            HttpBodies.EsAction a = actions.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("_index", a.index() == null ? "citywall" : a.index());
            item.put("_id", ids.get(i));
            if (errors.get(i) == null) {
                item.put("_version", 1);
                item.put("result", "created");
                item.put("_shards", Map.of("total", 1, "successful", 1, "failed", 0));
                item.put("_seq_no", 0);
                item.put("_primary_term", 1);
                item.put("status", 201);
            } else {
                anyError = true;
                boolean tooLarge = errors.get(i).startsWith("event larger");
                item.put("status", tooLarge ? 413 : 400);
                item.put("error", Map.of("type", tooLarge ? "document_too_large" : "action_request_validation_exception",
                        "reason", errors.get(i)));
            }
            items.add(Map.of(a.action(), item));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("took", tookMillis);
        body.put("errors", anyError);
        body.put("items", items);
        return json(HttpResponseStatus.OK, body, Dialect.ELASTICSEARCH);
    }

    static FullHttpResponse esInfo() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("number", "8.17.0");
        version.put("build_flavor", "default");
        version.put("lucene_version", "9.12.0");
        version.put("minimum_wire_compatibility_version", "7.17.0");
        version.put("minimum_index_compatibility_version", "7.0.0");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "citywall-collector");
        body.put("cluster_name", "citywall");
        body.put("version", version);
        body.put("tagline", "You Know, for Search");
        return json(HttpResponseStatus.OK, body, Dialect.ELASTICSEARCH);
    }

    /**
     * What Elasticsearch shippers ask before they send (Filebeat, Logstash and others install index
     * templates, ILM policies and ingest pipelines, and check the licence and cluster health, unless
     * told not to): answered so they go on to {@code _bulk}. Nothing is stored: the collector decodes
     * nothing and keeps no indices; the detection job's templates decide how events are indexed.
     */
    static boolean isEsSetup(io.netty.handler.codec.http.HttpMethod method, String path) {
        boolean read = method.equals(io.netty.handler.codec.http.HttpMethod.GET) || method.equals(io.netty.handler.codec.http.HttpMethod.HEAD);
        boolean write = method.equals(io.netty.handler.codec.http.HttpMethod.PUT) || method.equals(io.netty.handler.codec.http.HttpMethod.POST);
        if (read && (path.equals("/_license") || path.equals("/_xpack") || path.startsWith("/_cluster/health"))) {
            return true;
        }
        for (String prefix : SETUP_PREFIXES) {
            if (path.startsWith(prefix) && path.length() > prefix.length() && (read || write)) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.List<String> SETUP_PREFIXES = java.util.List.of(
            "/_index_template/", "/_template/", "/_component_template/", "/_ilm/policy/", "/_ingest/pipeline/");

    static FullHttpResponse esSetup(io.netty.handler.codec.http.HttpMethod method, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (path.equals("/_license")) {
            body.put("license", Map.of("status", "active", "type", "basic", "uid", "citywall-collector"));
        } else if (path.equals("/_xpack")) {
            body.put("features", Map.of());
        } else if (path.startsWith("/_cluster/health")) {
            body.put("cluster_name", "citywall");
            body.put("status", "green");
            body.put("timed_out", false);
        } else if (method.equals(io.netty.handler.codec.http.HttpMethod.PUT) || method.equals(io.netty.handler.codec.http.HttpMethod.POST)) {
            body.put("acknowledged", true);
        } else {
            // "it exists": the shipper then leaves it alone
            String name = path.substring(path.lastIndexOf('/') + 1);
            body.put(name, Map.of());
        }
        return json(HttpResponseStatus.OK, body, Dialect.ELASTICSEARCH);
    }

    private static String esType(HttpResponseStatus status) {
        return switch (status.code()) {
            case 401 -> "security_exception";
            case 413 -> "content_too_long_exception";
            case 429, 503 -> "es_rejected_execution_exception";
            default -> "parse_exception";
        };
    }

    /** Splunk HEC's documented status codes. */
    private static int splunkCode(HttpResponseStatus status) {
        return switch (status.code()) {
            case 401 -> 4;  // invalid token (2 is "token is required"; both answer 401 here)
            case 400 -> 6;  // invalid data format
            case 404 -> 404;
            case 413 -> 27; // content too large
            case 429, 503 -> 9; // server is busy
            default -> 8;   // internal server error
        };
    }
}
