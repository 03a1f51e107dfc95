package org.citywall.collector;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.citywall.event.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a RELP session (rsyslog's omrelp talks to it). A {@code syslog} frame is acknowledged
 * ({@code rsp 200 OK}) only when its raw event is durable on the bus; acknowledgements go out in the order
 * the frames came. Until then the sender keeps the frame in its window and resends it on a new connection
 * if this one breaks, so nothing acknowledged is ever lost (at-least-once: a frame may arrive twice).
 */
final class RelpHandler extends ByteToMessageDecoder implements FrameProgress {

    private static final Logger LOG = LoggerFactory.getLogger(RelpHandler.class);
    private static final String OFFERS = "relp_version=0\nrelp_software=citywall\ncommands=syslog";

    private final InputContext input;
    private final RelpFramer framer;
    /** Responses in frame order; one is written once it and all before it are ready. */
    private final ArrayDeque<Reply> replies = new ArrayDeque<>();
    private Channel channel;
    private String peer;
    private boolean open;
    private boolean closing;
    private long completed;

    private static final class Reply {
        final int txnr;
        String response;

        Reply(int txnr) {
            this.txnr = txnr;
        }
    }

    RelpHandler(InputContext input) {
        this.input = input;
        this.framer = new RelpFramer(input.options.maxFrameBytes, input.options.oversize == InputOptions.Oversize.TRUNCATE);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        peer = Peers.of(channel.remoteAddress());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SlowSenderGuard.watch(ctx.channel(), this, input);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        long before = completed;
        String problem = framer.decode(in, this::onFrame);
        // the budget is checked once per read, not per frame (see StreamFrameHandler)
        if (completed != before && input.publisher.budgetExhausted() && channel.config().isAutoRead()) {
            input.budget.pause(channel);
        }
        if (problem != null) {
            input.metrics.rejected("framing");
            LOG.info("event=relp_framing_error input={} peer={} problem=\"{}\" action=close", input.name(), peer, problem);
            ctx.close();
        }
    }

    private void onFrame(RelpFrame frame) {
        if (closing) {
            return;
        }
        completed++;
        Reply reply = new Reply(frame.txnr());
        replies.add(reply);
        switch (frame.command()) {
            case "open" -> {
                open = true;
                reply.response = "200 OK\n" + OFFERS;
            }
            case "syslog" -> syslog(frame, reply);
            case "close" -> {
                closing = true;
                reply.response = "";
            }
            default -> {
                input.metrics.rejected("relp_command");
                reply.response = "500 command '" + frame.command() + "' not supported";
            }
        }
        flush();
    }

    private void syslog(RelpFrame frame, Reply reply) {
        if (!open) {
            input.metrics.rejected("relp_command");
            reply.response = "500 session not open";
            return;
        }
        if (frame.oversizedRejected()) {
            input.metrics.oversizedRejected();
            reply.response = "500 frame larger than " + input.options.maxFrameBytes + " bytes";
            return;
        }
        if (frame.data().length == 0) {
            reply.response = "200 OK";
            return;
        }
        long now = System.nanoTime();
        input.metrics.frame(frame.data().length, frame.truncated());
        RawEvent event = new RawEvent(frame.data(), System.currentTimeMillis(), peer, input.name(), input.domain(),
                frame.truncated() ? RawEvent.FLAG_TRUNCATED : 0);
        CompletableFuture<Void> durable = input.publisher.publishAcknowledged(event, input.metrics, now);
        if (durable.isDone() && !durable.isCompletedExceptionally()) {
            reply.response = "200 OK";
        } else {
            durable.whenComplete((ok, error) -> channel.eventLoop().execute(() -> {
                // a refusal by the bus is final: the sender hears it and does not resend; any other failure
                // means the collector is closing: no ack, the sender resends elsewhere
                if (error == null) {
                    reply.response = "200 OK";
                    flush();
                } else if (error instanceof BusRejectedException refused) {
                    reply.response = "500 " + refused.getMessage();
                    flush();
                }
            }));
        }
    }

    /** Writes the ready responses at the head of the queue, in order. */
    private void flush() {
        boolean wrote = false;
        while (!replies.isEmpty() && replies.peek().response != null) {
            Reply r = replies.poll();
            channel.write(rsp(r.txnr, r.response), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            if (closing && replies.isEmpty()) {
                channel.writeAndFlush(channel.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.flush();
            }
        }
    }

    private ByteBuf rsp(int txnr, String response) {
        byte[] data = response.getBytes(StandardCharsets.UTF_8);
        String head = txnr + " rsp " + data.length + (data.length > 0 ? " " : "");
        ByteBuf buf = channel.alloc().buffer(head.length() + data.length + 1);
        buf.writeCharSequence(head, StandardCharsets.US_ASCII);
        buf.writeBytes(data);
        buf.writeByte('\n');
        return buf;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // not super: ByteToMessageDecoder asks for another read when auto-read is off and nothing went down
        // the pipeline (frames go to the bus here, never down), which would undo the backpressure pause
        discardSomeReadBytes();
        ctx.fireChannelReadComplete();
    }

    /**
     * A sender that does not read its acknowledgements would make them pile up in our write buffer: stop
     * reading its frames until it drains them.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        if (!ch.isWritable()) {
            ch.config().setAutoRead(false);
        } else if (input.publisher.budgetExhausted()) {
            input.budget.pause(ch);
        } else {
            ch.config().setAutoRead(true);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public boolean midFrame() {
        return framer.midFrame(internalBuffer());
    }

    @Override
    public long completed() {
        return completed;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!ConnectionErrors.handshake(ctx, evt, input)) {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        input.budget.forget(ctx.channel());
        if (!replies.isEmpty()) {
            LOG.debug("event=relp_closed_with_unacked input={} peer={} unacked={}", input.name(), peer, replies.size());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.caught(ctx, cause, input);
    }
}
