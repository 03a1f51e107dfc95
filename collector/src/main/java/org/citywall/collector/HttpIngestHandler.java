package org.citywall.collector;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.citywall.collector.HttpReplies.Dialect;
import org.citywall.event.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingest endpoints. Each request's token picks the domain; its events are published in order and
 * the client gets its 2xx only once every one of them is durable on the bus. One request per connection is
 * in progress at a time (reading pauses meanwhile, so pipelined requests wait in TCP).
 *
 * <ul>
 *   <li>{@code POST /ingest}: NDJSON, one event per non-empty line; answers {@code {"accepted":N}};
 *   <li>{@code POST|PUT /_bulk}, {@code /{index}/_bulk}: Elasticsearch bulk; each {@code index}/{@code create}
 *       source document is one event; {@code GET /} answers like Elasticsearch 8 so shippers accept us;
 *   <li>{@code POST /services/collector[/event]}: Splunk HEC events, each JSON object one event;
 *       {@code POST /services/collector/raw}: one event per line; {@code GET /services/collector/health}.
 * </ul>
 */
final class HttpIngestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpIngestHandler.class);

    private enum Route { NDJSON, CLOUDTRAIL, ES_BULK, ES_INFO, ES_SETUP, HEC_EVENT, HEC_RAW, HEC_HEALTH, NOT_FOUND }

    private final InputContext input;
    private final Tokens tokens;
    private final HttpProgress progress;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;
    private String peer;

    HttpIngestHandler(InputContext input, Tokens tokens, HttpProgress progress) {
        super(false);
        this.input = input;
        this.tokens = tokens;
        this.progress = progress;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        peer = Peers.of(ctx.channel().remoteAddress());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        progress.requestComplete();
        if (busy) {
            waiting.add(request);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try {
            handle(ctx, request);
        } finally {
            request.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        Route route = route(req.method(), path);
        Dialect dialect = dialect(route, path);
        if (!req.decoderResult().isSuccess()) {
            input.metrics.rejected("malformed_request");
            respond(ctx, HttpReplies.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", dialect));
            return;
        }
        switch (route) {
            case ES_INFO -> respond(ctx, HttpReplies.esInfo());
            case ES_SETUP -> respond(ctx, HttpReplies.esSetup(req.method(), path));
            case HEC_HEALTH -> respond(ctx, HttpReplies.json(HttpResponseStatus.OK,
                    Map.of("text", "HEC is healthy", "code", 17), Dialect.SPLUNK));
            case NOT_FOUND -> respond(ctx, HttpReplies.error(HttpResponseStatus.NOT_FOUND,
                    "no endpoint " + req.method() + " " + path, dialect));
            default -> ingest(ctx, req, route, path, dialect);
        }
    }

    private void ingest(ChannelHandlerContext ctx, FullHttpRequest req, Route route, String path, Dialect dialect) {
        String domain = tokens.domainFor(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (domain == null) {
            input.metrics.rejected("auth");
            LOG.info("event=http_unauthorized input={} peer={} path={}", input.name(), peer, path);
            respond(ctx, HttpReplies.error(HttpResponseStatus.UNAUTHORIZED, "missing or unknown token", dialect));
            return;
        }
        if (input.publisher.busDown()) {
            input.metrics.rejected("busy");
            respond(ctx, HttpReplies.busy(HttpResponseStatus.SERVICE_UNAVAILABLE, 5,
                    "the event bus is unavailable; retry later", dialect));
            return;
        }
        if (input.publisher.budgetExhausted()) {
            input.metrics.rejected("busy");
            respond(ctx, HttpReplies.busy(HttpResponseStatus.TOO_MANY_REQUESTS, 1,
                    "too many events waiting for the bus; retry later", dialect));
            return;
        }
        long start = System.nanoTime();
        byte[] body = ByteBufUtil.getBytes(req.content());
        try {
            switch (route) {
                case ES_BULK -> {
                    List<HttpBodies.EsAction> actions = HttpBodies.esBulk(body, indexOf(path));
                    if (withinEventLimit(ctx, actions.size(), dialect)) {
                        esBulk(ctx, actions, domain, start);
                    }
                }
                case HEC_EVENT -> events(ctx, HttpBodies.hecEvents(body), domain, dialect, start);
                case CLOUDTRAIL -> events(ctx, HttpBodies.cloudTrailRecords(body), domain, dialect, start);
                default -> events(ctx, HttpBodies.lines(body), domain, dialect, start);
            }
        } catch (MalformedBodyException e) {
            input.metrics.rejected("malformed_request");
            respond(ctx, HttpReplies.error(HttpResponseStatus.BAD_REQUEST, e.getMessage(), dialect));
        }
    }

    /**
     * The in-flight budget is checked once per request, so a request may hold at most
     * {@code max-request-events} events: more is refused whole with 413 (counted as
     * {@code rejected{reason="too_many_events"}}) and nothing of it is stored.
     */
    private boolean withinEventLimit(ChannelHandlerContext ctx, int events, Dialect dialect) {
        int limit = input.options.maxRequestEvents;
        if (events <= limit) {
            return true;
        }
        input.metrics.rejected("too_many_events");
        LOG.info("event=http_too_many_events input={} peer={} events={} limit={}", input.name(), peer, events, limit);
        respond(ctx, HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the request has " + events
                + " events, more than the limit of " + limit + " per request (max-request-events); nothing was"
                + " stored; send at most " + limit + " events per request", dialect));
        return false;
    }

    /** NDJSON and HEC: all events or none (an oversized one under {@code oversize=reject} refuses the request). */
    private void events(ChannelHandlerContext ctx, List<byte[]> bodies, String domain, Dialect dialect, long start) {
        if (!withinEventLimit(ctx, bodies.size(), dialect)) {
            return;
        }
        if (input.options.oversize == InputOptions.Oversize.REJECT) {
            for (int i = 0; i < bodies.size(); i++) {
                if (bodies.get(i).length > input.options.maxFrameBytes) {
                    input.metrics.oversizedRejected();
                    respond(ctx, HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "event " + (i + 1)
                            + " is larger than " + input.options.maxFrameBytes + " bytes; nothing was stored", dialect));
                    return;
                }
            }
        }
        List<CompletableFuture<Void>> durable = new ArrayList<>(bodies.size());
        for (byte[] b : bodies) {
            durable.add(publish(b, domain, start));
        }
        int n = bodies.size();
        whenDurable(ctx, durable, dialect, () -> HttpReplies.json(HttpResponseStatus.OK, dialect == Dialect.SPLUNK
                ? Map.of("text", "Success", "code", 0) : Map.of("accepted", n), dialect));
    }

    private void esBulk(ChannelHandlerContext ctx, List<HttpBodies.EsAction> actions, String domain, long start) {
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        List<String> ids = new ArrayList<>(actions.size());
        List<String> errors = new ArrayList<>(actions.size());
        for (HttpBodies.EsAction a : actions) {
            ids.add(a.id() != null ? a.id() : UUID.randomUUID().toString());
            if (!a.stores()) {
                input.metrics.rejected("unsupported_action");
                errors.add("CityWall takes index and create actions only, not " + a.action());
            } else if (a.source().length > input.options.maxFrameBytes
                    && input.options.oversize == InputOptions.Oversize.REJECT) {
                input.metrics.oversizedRejected();
                errors.add("event larger than " + input.options.maxFrameBytes + " bytes");
            } else {
                errors.add(null);
                durable.add(publish(a.source(), domain, start));
            }
        }
        whenDurable(ctx, durable, Dialect.ELASTICSEARCH, () -> HttpReplies.esBulk(actions, ids, errors,
                (System.nanoTime() - start) / 1_000_000));
    }

    private CompletableFuture<Void> publish(byte[] body, String domain, long receivedNanos) {
        boolean truncated = body.length > input.options.maxFrameBytes;
        byte[] kept = truncated ? java.util.Arrays.copyOf(body, input.options.maxFrameBytes) : body;
        input.metrics.frame(kept.length, truncated);
        RawEvent event = new RawEvent(kept, System.currentTimeMillis(), peer, input.name(), domain,
                truncated ? RawEvent.FLAG_TRUNCATED : 0);
        return input.publisher.publishAcknowledged(event, input.metrics, receivedNanos);
    }

    /** Answers once every event is durable; or 503 when that takes longer than the request timeout. */
    private void whenDurable(ChannelHandlerContext ctx, List<CompletableFuture<Void>> durable, Dialect dialect,
                             java.util.function.Supplier<FullHttpResponse> success) {
        CompletableFuture<Void> all = CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new));
        if (all.isDone() && !all.isCompletedExceptionally()) {
            respond(ctx, success.get());
            return;
        }
        boolean[] answered = {false};
        ScheduledFuture<?> timeout = ctx.executor().schedule(() -> {
            if (!answered[0]) {
                answered[0] = true;
                input.metrics.rejected("timeout");
                LOG.info("event=http_request_timeout input={} peer={} events={}", input.name(), peer, durable.size());
                respond(ctx, HttpReplies.busy(HttpResponseStatus.SERVICE_UNAVAILABLE, 5,
                        "the events were not stored in time; retry later", dialect));
            }
        }, input.options.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        all.whenComplete((ok, error) -> ctx.executor().execute(() -> {
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            timeout.cancel(false);
            if (error == null) {
                respond(ctx, success.get());
            } else if (refusal(error) != null) {
                // the bus will never take one of the events: say so, so the sender does not resend it forever
                respond(ctx, HttpReplies.error(HttpResponseStatus.UNPROCESSABLE_ENTITY, refusal(error).getMessage()
                        + "; the other events of the request may have been stored", dialect));
            } else {
                respond(ctx, HttpReplies.busy(HttpResponseStatus.SERVICE_UNAVAILABLE, 5,
                        "the events could not be stored; retry later", dialect));
            }
        }));
    }

    private static BusRejectedException refusal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BusRejectedException refused) {
                return refused;
            }
        }
        return null;
    }

    private void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response);
        busy = false;
        FullHttpRequest next = waiting.poll();
        if (next != null) {
            busy = true;
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
        } else if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        // else: the client is not reading its answers; channelWritabilityChanged resumes when it does
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable() && !busy) {
            ctx.channel().config().setAutoRead(true);
        }
        super.channelWritabilityChanged(ctx);
    }

    /**
     * The dialect a request to this method and URI is answered in when it needs a token, or {@code null} when
     * it needs none (Elasticsearch info and setup, HEC health, unknown paths). The aggregator asks this as soon
     * as the headers arrive, so a request without a valid token is refused before any of its body is read.
     */
    static Dialect tokenDialect(HttpMethod method, String uri) {
        String path = new QueryStringDecoder(uri).path();
        Route route = route(method, path);
        return switch (route) {
            case NDJSON, CLOUDTRAIL, ES_BULK, HEC_EVENT, HEC_RAW -> dialect(route, path);
            case ES_INFO, ES_SETUP, HEC_HEALTH, NOT_FOUND -> null;
        };
    }

    private static Route route(HttpMethod method, String path) {
        boolean post = method.equals(HttpMethod.POST);
        boolean get = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (path.equals("/") && get) {
            return Route.ES_INFO;
        }
        if (path.equals("/ingest") && post) {
            return Route.NDJSON;
        }
        if (HttpReplies.isEsSetup(method, path)) {
            return Route.ES_SETUP;
        }
        if (path.equals("/ingest/cloudtrail") && post) {
            return Route.CLOUDTRAIL;
        }
        if ((path.equals("/_bulk") || path.endsWith("/_bulk")) && (post || method.equals(HttpMethod.PUT))) {
            return Route.ES_BULK;
        }
        if (post && (path.equals("/services/collector") || path.equals("/services/collector/event")
                || path.equals("/services/collector/event/1.0"))) {
            return Route.HEC_EVENT;
        }
        if (post && (path.equals("/services/collector/raw") || path.equals("/services/collector/raw/1.0"))) {
            return Route.HEC_RAW;
        }
        if (get && (path.equals("/services/collector/health") || path.equals("/services/collector/health/1.0"))) {
            return Route.HEC_HEALTH;
        }
        return Route.NOT_FOUND;
    }

    private static Dialect dialect(Route route, String path) {
        return switch (route) {
            case ES_BULK, ES_INFO, ES_SETUP -> Dialect.ELASTICSEARCH;
            case HEC_EVENT, HEC_RAW, HEC_HEALTH -> Dialect.SPLUNK;
            case NDJSON, CLOUDTRAIL -> Dialect.NDJSON;
            case NOT_FOUND -> path.startsWith("/services/") ? Dialect.SPLUNK : Dialect.NDJSON;
        };
    }

    private static String indexOf(String path) {
        // /{index}/_bulk names the default index; /_bulk names none
        String p = path.substring(0, path.length() - "/_bulk".length());
        return p.isEmpty() || p.equals("/") ? null : p.substring(p.lastIndexOf('/') + 1);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!ConnectionErrors.handshake(ctx, evt, input)) {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.caught(ctx, cause, input);
    }
}
