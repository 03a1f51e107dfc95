package org.citywall.collector;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A TCP listener: per connection the idle timer, the connection limits, TLS when configured, then the
 * input's own protocol handlers.
 */
final class StreamInput implements Input {

    private final Channel server;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    StreamInput(Transport transport, InputContext input, Supplier<ChannelHandler[]> protocol) {
        SslContext tls = input.options.tls() ? TlsContexts.server(input.spec, input.options) : null;
        long idleMillis = input.options.idleTimeout.toMillis();
        ServerBootstrap b = new ServerBootstrap()
                .group(transport.acceptors, transport.workers)
                .channel(transport.serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // reads of up to 256 KiB: fewer system calls and wake-ups per message under load
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        p.addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
                        p.addLast("guard", new ConnectionGuard(input));
                        if (tls != null) {
                            p.addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        p.addLast(protocol.get());
                    }
                });
        InetSocketAddress wanted = new InetSocketAddress(input.spec.host(), input.spec.port());
        try {
            server = b.bind(wanted).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new IllegalStateException("input " + input.name() + ": cannot listen on TCP "
                    + input.spec.host() + ":" + input.spec.port() + ": " + ConnectionErrors.rootMessage(e), e);
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
