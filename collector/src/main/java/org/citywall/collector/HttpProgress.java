package org.citywall.collector;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP codec and tells the {@link SlowSenderGuard} whether a request has started arriving
 * and not finished, which is how a slow-header or slow-body sender (slowloris) is recognised.
 */
final class HttpProgress extends ChannelInboundHandlerAdapter implements FrameProgress {

    private boolean started;
    private long completed;
    private final InputContext input;

    HttpProgress(InputContext input) {
        this.input = input;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SlowSenderGuard.watch(ctx.channel(), this, input);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b && b.isReadable()) {
            started = true;
        }
        super.channelRead(ctx, msg);
    }

    /** The handler has the whole request: nothing is pending from the sender until the next one starts. */
    void requestComplete() {
        started = false;
        completed++;
    }

    @Override
    public boolean midFrame() {
        return started;
    }

    @Override
    public long completed() {
        return completed;
    }
}
