package org.citywall.collector;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every stream connection: applies the input's connection limits, counts open connections
 * and closes connections that stay idle (an {@link io.netty.handler.timeout.IdleStateHandler} sits before it) —
 * except those the collector itself paused for backpressure.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final InputContext input;
    private InetAddress admitted;

    ConnectionGuard(InputContext input) {
        this.input = input;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        String refused = input.limits.admit(peer);
        if (refused != null) {
            input.metrics.rejected(refused);
            LOG.debug("event=connection_refused input={} peer={} reason={}", input.name(), peer.getHostAddress(), refused);
            ctx.close();
            return;
        }
        admitted = peer;
        input.metrics.opened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (admitted != null) {
            input.limits.release(admitted);
            input.metrics.closedConnection();
            admitted = null;
            super.channelInactive(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (admitted == null) {
            io.netty.util.ReferenceCountUtil.release(msg); // a refused connection's last bytes
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (input.budget.isPaused(ctx.channel()) || ReplyWindow.isFull(ctx.channel())
                    || ReplyWindow.isAwaiting(ctx.channel())) {
                // quiet because we stopped reading it, or because it waits for our answers, not because the
                // sender went away: closing now would throw away what the kernel holds for it (a plain syslog
                // sender never learns of the loss) or make a RELP sender send its unanswered frames again
                return;
            }
            input.metrics.closed("idle");
            LOG.debug("event=connection_idle_closed input={} peer={}", input.name(), ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
