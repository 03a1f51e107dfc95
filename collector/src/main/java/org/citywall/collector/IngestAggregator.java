package org.citywall.collector;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers a request body up to {@code max-body-bytes} (after decompression); a larger one gets a counted
 * 413 in the client's dialect and the connection is closed, so its remaining bytes are never read.
 *
 * <p>A body being gathered is memory held for events not yet on the bus, so it is charged to the
 * collector's in-flight budget as it arrives, chunk by chunk, and released when the complete request
 * goes to the handler (which charges the events it keeps, per event, until durable). A request whose declared
 * length does not fit, or whose next chunk does not, is answered 429 with Retry-After and its
 * connection closed: a thousand clients posting 8 MiB each cannot hold more than the budget.
 *
 * <p>The token is checked first, from the request's headers: a request to an endpoint that needs one and
 * has none (or an unknown one) is answered 401 at once and its connection closed, before any of its body is
 * read, so peers without a token can neither fill the budget (which would pause every other input) nor
 * make the collector read bodies it will refuse.
 */
final class IngestAggregator extends HttpObjectAggregator {

    private static final Logger LOG = LoggerFactory.getLogger(IngestAggregator.class);

    private final InputContext input;
    private final Tokens tokens;
    private long reserved;
    private boolean refused;
    private HttpReplies.Dialect dialect = HttpReplies.Dialect.NDJSON;

    IngestAggregator(InputContext input, Tokens tokens) {
        super(input.options.maxBodyBytes);
        this.input = input;
        this.tokens = tokens;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg); // the rest of a refused body; the connection is closing
            return;
        }
        if (msg instanceof HttpRequest start) {
            dialect = dialectOf(start.uri());
            if (start.decoderResult().isSuccess()) {
                HttpReplies.Dialect tokenDialect = HttpIngestHandler.tokenDialect(start.method(), start.uri());
                if (tokenDialect != null
                        && tokens.domainFor(start.headers().get(HttpHeaderNames.AUTHORIZATION)) == null) {
                    unauthorized(ctx, start, tokenDialect);
                    return;
                }
            }
            long declared = HttpUtil.getContentLength(start, -1L);
            if (declared <= input.options.maxBodyBytes && !input.budget.fits(Math.max(0, declared))) {
                refuse(ctx, msg);
                return;
            }
        }
        if (msg instanceof HttpContent c) {
            int n = c.content().readableBytes();
            if (n > 0 && !input.budget.tryAcquire(n)) {
                refuse(ctx, msg);
                return;
            }
            reserved += n;
        }
        if (msg instanceof LastHttpContent) {
            // the whole body is here and goes to the handler now, which charges what it keeps per event
            // (and must not see its own request's reservation as a full budget)
            release();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        release();
        super.handlerRemoved(ctx);
    }

    private void release() {
        if (reserved > 0) {
            input.budget.release(reserved);
            reserved = 0;
        }
    }

    private void refuse(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        refused = true;
        release();
        input.metrics.rejected("busy");
        FullHttpResponse r = HttpReplies.busy(HttpResponseStatus.TOO_MANY_REQUESTS, 1,
                "too many events waiting for the bus; retry later", dialect);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * A request to an endpoint that needs a token arrived without a valid one: it is answered 401 from its
     * headers alone and the connection closed, so none of its body is read or charged to the budget.
     */
    private void unauthorized(ChannelHandlerContext ctx, HttpRequest start, HttpReplies.Dialect tokenDialect) {
        String path = new QueryStringDecoder(start.uri()).path();
        ReferenceCountUtil.release(start);
        refused = true;
        release();
        input.metrics.rejected("auth");
        LOG.info("event=http_unauthorized input={} peer={} path={}", input.name(),
                Peers.of(ctx.channel().remoteAddress()), path);
        FullHttpResponse r = HttpReplies.error(HttpResponseStatus.UNAUTHORIZED, "missing or unknown token", tokenDialect);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    private static HttpReplies.Dialect dialectOf(String uri) {
        return uri.contains("_bulk") ? HttpReplies.Dialect.ELASTICSEARCH
                : uri.startsWith("/services/") ? HttpReplies.Dialect.SPLUNK : HttpReplies.Dialect.NDJSON;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        input.metrics.rejected("too_large");
        String uri = oversized instanceof HttpRequest r ? r.uri() : "";
        FullHttpResponse r = HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body larger than " + input.options.maxBodyBytes + " bytes; send smaller batches", dialectOf(uri));
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
