package org.citywall.collector;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** Opens the listener for an input's type. */
final class Inputs {
    private Inputs() {}

    static Input open(Transport transport, InputContext ctx) {
        return switch (ctx.spec.type()) {
            case SYSLOG_UDP -> new DatagramInput(transport, ctx);
            case SYSLOG_TCP, SYSLOG_TLS -> new StreamInput(transport, ctx,
                    () -> new ChannelHandler[] {new StreamFrameHandler(ctx, true)});
            case JSON_TCP -> new StreamInput(transport, ctx,
                    () -> new ChannelHandler[] {new StreamFrameHandler(ctx, false)});
            case RELP -> new StreamInput(transport, ctx, () -> new ChannelHandler[] {new RelpHandler(ctx)});
            case HTTP -> {
                Tokens tokens = new Tokens(ctx.spec, ctx.options);
                yield new StreamInput(transport, ctx, () -> {
                    HttpProgress progress = new HttpProgress(ctx);
                    return new ChannelHandler[] {
                        progress,
                        new HttpServerCodec(4096, 16 * 1024, 64 * 1024),
                        new HttpServerKeepAliveHandler(),
                        new HttpContentDecompressor(ctx.options.maxBodyBytes),
                        new IngestAggregator(ctx, tokens),
                        new HttpIngestHandler(ctx, tokens, progress),
                    };
                });
            }
        };
    }
}
