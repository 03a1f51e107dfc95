package org.citywall.collector;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.citywall.event.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over UDP: one datagram, one frame. UDP cannot push back, so when the in-flight budget is spent a
 * datagram is dropped and counted ({@code dropped_total{reason="backpressure"}}).
 */
final class DatagramInput implements Input {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramInput.class);
    private static final int MAX_DATAGRAM = 65_535;

    private final Channel channel;

    DatagramInput(Transport transport, InputContext input) {
        Bootstrap b = new Bootstrap()
                .group(transport.workers)
                .channel(transport.datagramChannel)
                .option(ChannelOption.SO_RCVBUF, input.options.receiveBufferBytes)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new Handler(input));
        InetSocketAddress wanted = new InetSocketAddress(input.spec.host(), input.spec.port());
        try {
            channel = b.bind(wanted).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new IllegalStateException("input " + input.name() + ": cannot listen on UDP "
                    + input.spec.host() + ":" + input.spec.port() + ": " + ConnectionErrors.rootMessage(e), e);
        }
        watchKernelDrops(input);
    }

    /**
     * Datagrams the kernel dropped because the socket's receive buffer was full — the usual loss under a
     * burst, invisible to the collector itself — read from {@code /proc/net/udp} and {@code udp6} every few
     * seconds and counted as {@code dropped{reason="socket_buffer"}}. Not available off Linux.
     */
    private void watchKernelDrops(InputContext input) {
        int port = address().getPort();
        long[] last = {KernelUdpDrops.read(port)};
        if (last[0] < 0) {
            return;
        }
        channel.eventLoop().scheduleAtFixedRate(() -> {
            long now = KernelUdpDrops.read(port);
            if (now > last[0]) {
                input.metrics.dropped("socket_buffer", now - last[0]);
                LOG.warn("event=udp_kernel_drops input={} dropped={} hint=\"raise receive-buffer or add inputs\"", input.name(), now - last[0]);
            }
            if (now >= 0) {
                last[0] = now;
            }
        }, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final InputContext input;
        private final int maxFrame;
        private final boolean truncate;
        private InetSocketAddress lastSender;
        private String lastPeer;

        Handler(InputContext input) {
            this.input = input;
            this.maxFrame = input.options.maxFrameBytes;
            this.truncate = input.options.oversize == InputOptions.Oversize.TRUNCATE;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            long now = System.nanoTime();
            ByteBuf content = packet.content();
            int start = content.readerIndex();
            int length = content.readableBytes();
            // the same message has the same body whatever the transport: a trailing LF or CR LF is framing
            if (length > 0 && content.getByte(start + length - 1) == '\n') {
                length--;
                if (length > 0 && content.getByte(start + length - 1) == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                return;
            }
            boolean truncated = false;
            if (length > maxFrame) {
                if (!truncate) {
                    input.metrics.oversizedRejected();
                    return;
                }
                length = maxFrame;
                truncated = true;
            }
            byte[] body = new byte[length];
            content.getBytes(start, body);
            RawEvent event = new RawEvent(body, System.currentTimeMillis(), peer(packet.sender()), input.name(),
                    input.domain(), truncated ? RawEvent.FLAG_TRUNCATED : 0);
            if (!input.publisher.tryPublish(event, input.metrics, now)) {
                input.metrics.dropped("backpressure", 1);
                return;
            }
            input.metrics.frame(length, truncated);
            switch (FrameText.kind(body)) {
                case FrameText.NUL -> input.metrics.binary(1, 0);
                case FrameText.NOT_UTF8 -> input.metrics.binary(0, 1);
                default -> { }
            }
        }

        private String peer(InetSocketAddress sender) {
            if (!sender.equals(lastSender)) {
                lastSender = sender;
                lastPeer = Peers.of(sender);
            }
            return lastPeer;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a UDP socket has no peer to close; count and log, and keep serving
            input.metrics.rejected("error");
            LOG.warn("event=udp_error input={} error=\"{}\"", input.name(), ConnectionErrors.rootMessage(cause));
        }
    }
}
