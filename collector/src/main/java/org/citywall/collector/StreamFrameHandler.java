package org.citywall.collector;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.citywall.event.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames one syslog or JSON-lines connection and publishes each frame as a raw event. When the in-flight
 * budget is spent it stops reading, so the sender waits in TCP instead of in our heap. These inputs have no
 * acknowledgements, so a frame is the collector's responsibility from here on: the publisher retries it
 * until the bus takes it. Frames that hold NUL bytes or are not UTF-8 are forwarded as they came and counted
 * ({@link FrameText}); a TLS handshake on a plain port is refused, counted and closed.
 */
final class StreamFrameHandler extends ByteToMessageDecoder implements FrameSink, FrameProgress {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFrameHandler.class);

    private final InputContext input;
    private final SyslogFramer framer;
    private Channel channel;
    private ReadCoalescer coalescer;
    private String peer;
    private long completed;
    private boolean firstBytes = true;
    private long batchNanos;
    private long batchMillis;
    private int batchFrames;
    private long batchBytes;
    private int batchTruncated;
    private int batchNul;
    private int batchNotUtf8;
    private final boolean tls;

    StreamFrameHandler(InputContext input, boolean octetCounting) {
        this.input = input;
        this.tls = input.options.tls();
        this.framer = new SyslogFramer(input.options.maxFrameBytes,
                input.options.oversize == InputOptions.Oversize.TRUNCATE, octetCounting);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        peer = Peers.of(channel.remoteAddress());
        coalescer = new ReadCoalescer(channel, input.budget);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SlowSenderGuard.watch(ctx.channel(), this, input);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (firstBytes && completed == 0 && in.readableBytes() >= 3) {
            firstBytes = false;
            if (!tls && looksLikeTlsHandshake(in)) {
                // a TLS client on a plain port: its handshake is not a log line
                input.metrics.rejected("tls_on_plain_port");
                input.metrics.skipped(in.readableBytes());
                LOG.info("event=tls_on_plain_port input={} peer={} action=close", input.name(), peer);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
        }
        readAt();
        framer.decode(in, this);
        countBatch();
    }

    /** One clock reading per read: every frame in it arrived at the same moment. */
    private void readAt() {
        batchNanos = System.nanoTime();
        batchMillis = System.currentTimeMillis();
    }

    /**
     * After each read: counters once, and the budget checked once (not per frame: reading the shared budget
     * pulls the bus threads' counters across cores, which per frame costs more than the framing does).
     * The overshoot is at most one read.
     */
    private void countBatch() {
        if (batchFrames > 0 && input.publisher.budgetExhausted() && channel.config().isAutoRead()) {
            input.budget.pause(channel);
        }
        if (batchFrames > 0) {
            input.metrics.frames(batchFrames, batchBytes, batchTruncated);
            if (batchNul + batchNotUtf8 > 0) {
                input.metrics.binary(batchNul, batchNotUtf8);
            }
            batchFrames = 0;
            batchBytes = 0;
            batchTruncated = 0;
            batchNul = 0;
            batchNotUtf8 = 0;
        }
    }

    /** A TLS record header: handshake (22), major version 3, minor 0-4 (needs 3 readable bytes). */
    static boolean looksLikeTlsHandshake(ByteBuf in) {
        int i = in.readerIndex();
        return in.getByte(i) == 0x16 && in.getByte(i + 1) == 0x03 && in.getByte(i + 2) >= 0x00 && in.getByte(i + 2) <= 0x04;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        readAt();
        framer.decode(in, this);
        framer.finish(in, this);
        countBatch();
    }

    @Override
    public void frame(byte[] body, boolean truncated) {
        completed++;
        batchFrames++;
        batchBytes += body.length;
        if (truncated) {
            batchTruncated++;
        }
        switch (FrameText.kind(body)) {
            case FrameText.NUL -> batchNul++;
            case FrameText.NOT_UTF8 -> batchNotUtf8++;
            default -> { }
        }
        RawEvent event = new RawEvent(body, batchMillis, peer, input.name(), input.domain(),
                truncated ? RawEvent.FLAG_TRUNCATED : 0);
        input.publisher.publish(event, input.metrics, batchNanos);
    }

    @Override
    public void oversizedRejected() {
        completed++;
        input.metrics.oversizedRejected();
    }

    @Override
    public void skipped(long bytes) {
        input.metrics.skipped(bytes);
    }

    @Override
    public void malformed(String what) {
        input.metrics.rejected("framing");
        LOG.debug("event=malformed_frame input={} peer={} problem=\"{}\"", input.name(), peer, what);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // not super: ByteToMessageDecoder asks for another read when auto-read is off and nothing went down
        // the pipeline (frames go to the bus here, never down), which would undo the backpressure pause
        discardSomeReadBytes();
        ctx.fireChannelReadComplete();
        coalescer.cycleEnd();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b) {
            coalescer.read(b.readableBytes());
        }
        super.channelRead(ctx, msg);
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
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.caught(ctx, cause, input);
    }
}
