package org.citywall.collector;

import io.netty.channel.ChannelHandler;

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
            case RELP, HTTP -> throw new UnsupportedOperationException(ctx.spec.type().id() + " is not built yet");
        };
    }
}
