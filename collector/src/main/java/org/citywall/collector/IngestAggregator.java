package org.citywall.collector;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Gathers a request body up to {@code max-body-bytes} (after decompression); a larger one gets a counted
 * 413 in the client's dialect and the connection is closed, so its remaining bytes are never read.
 */
final class IngestAggregator extends HttpObjectAggregator {

    private final InputContext input;

    IngestAggregator(InputContext input) {
        super(input.options.maxBodyBytes);
        this.input = input;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        input.metrics.rejected("too_large");
        String uri = oversized instanceof HttpRequest r ? r.uri() : "";
        HttpReplies.Dialect dialect = uri.contains("_bulk") ? HttpReplies.Dialect.ELASTICSEARCH
                : uri.startsWith("/services/") ? HttpReplies.Dialect.SPLUNK : HttpReplies.Dialect.NDJSON;
        FullHttpResponse r = HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body larger than " + input.options.maxBodyBytes + " bytes; send smaller batches", dialect);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
