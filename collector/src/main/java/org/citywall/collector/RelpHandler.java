package org.citywall.collector;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * if this one breaks, so nothing acknowledged is ever lost (at-least-once: a frame may arrive twice). At most
 * {@code max-unacked} frames wait for their answer: then the connection is not read (see {@link ReplyWindow}).
 */
final class RelpHandler extends ByteToMessageDecoder implements FrameProgress {

    private static final Logger LOG = LoggerFactory.getLogger(RelpHandler.class);
    private static final String OFFERS = "relp_version=0\nrelp_software=citywall\ncommands=syslog";

    private final InputContext input;
    private final RelpFramer framer;
    /** Responses in frame order; one is written once it and all before it are ready. */
    private final ArrayDeque<Reply> replies = new ArrayDeque<>();
    private Channel channel;
    private ChannelHandlerContext context;
    private ReplyWindow window;
    private String peer;
    private boolean open;
    private boolean closing;
    /** Inside decode: answers given at once must not start framing the buffer again. */
    private boolean decoding;
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
        context = ctx;
        window = new ReplyWindow(channel, input.options.maxUnacked);
        peer = Peers.of(channel.remoteAddress());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SlowSenderGuard.watch(ctx.channel(), this, input);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decoding = true;
        try {
            frame(ctx, in);
        } finally {
            decoding = false;
        }
    }

    private void frame(ChannelHandlerContext ctx, ByteBuf in) {
        int room = window.room(replies.size());
        if (room <= 0) {
            return; // the rest stays in our buffer until answers make room
        }
        if (completed == 0 && !input.options.tls() && in.readableBytes() >= 3
                && StreamFrameHandler.looksLikeTlsHandshake(in)) {
            // a TLS client on a plain port: named apart from other framing errors, it is a configuration mistake
            input.metrics.rejected("tls_on_plain_port");
            input.metrics.skipped(in.readableBytes());
            LOG.info("event=tls_on_plain_port input={} peer={} action=close", input.name(), peer);
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        long before = completed;
        String problem = framer.decode(in, this::onFrame, room);
        // the budget is checked once per read, not per frame (see StreamFrameHandler)
        if (completed != before && input.publisher.budgetExhausted() && channel.config().isAutoRead()) {
            input.budget.pause(channel);
        }
        window.framed(replies.size());
        window.awaiting(replies.size());
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
        input.metrics.unanswered(1);
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
        int wrote = 0;
        while (!replies.isEmpty() && replies.peek().response != null) {
            Reply r = replies.poll();
            channel.write(rsp(r.txnr, r.response), channel.voidPromise());
            wrote++;
        }
        if (wrote > 0) {
            input.metrics.unanswered(-wrote);
            window.awaiting(replies.size());
            if (closing && replies.isEmpty()) {
                channel.writeAndFlush(channel.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.flush();
            }
            if (!decoding && window.answered(replies.size(), input.budget)) {
                frameBuffered();
            }
        }
    }

    /**
     * Frames what was read before the window closed: the sender may be waiting for those answers and send
     * nothing more, so no new read would come to frame them. This happens even while the in-flight budget
     * keeps the connection from reading: those bytes are in our memory already, and the window bounds them.
     */
    private void frameBuffered() {
        ByteBuf buffered = internalBuffer();
        if (buffered.isReadable() && channel.isActive()) {
            try {
                channelRead(context, Unpooled.EMPTY_BUFFER);
                channelReadComplete(context);
            } catch (Exception e) {
                exceptionCaught(context, e);
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
        } else if (window.isFull()) {
            // stays stopped until its frames are answered
        } else if (input.publisher.budgetExhausted()) {
            input.budget.pause(ch);
        } else {
            ch.config().setAutoRead(true);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public boolean midFrame() {
        // bytes held while the window is full wait for us, not for the sender
        return !window.isFull() && framer.midFrame(internalBuffer());
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
        super.channelInactive(ctx); // frames what is left: do the count after it
        if (!replies.isEmpty()) {
            LOG.debug("event=relp_closed_with_unacked input={} peer={} unacked={}", input.name(), peer, replies.size());
        }
        // the sender resends these on its next connection; answers that come later find nothing to write
        input.metrics.unanswered(-replies.size());
        replies.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.caught(ctx, cause, input);
    }
}
