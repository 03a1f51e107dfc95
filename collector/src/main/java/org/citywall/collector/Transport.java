package org.citywall.collector;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/** The event loops every input of a collector shares: native epoll on Linux, NIO elsewhere. */
final class Transport implements AutoCloseable {

    final EventLoopGroup acceptors;
    final EventLoopGroup workers;
    final Class<? extends ServerChannel> serverChannel;
    final Class<? extends DatagramChannel> datagramChannel;
    final boolean epoll;

    Transport(int ioThreads) {
        epoll = Epoll.isAvailable();
        var factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("citywall-accept", true), factory);
        workers = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("citywall-io", true), factory);
        serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        datagramChannel = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    @Override
    public void close() {
        var a = acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        var w = workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        a.awaitUninterruptibly(10, TimeUnit.SECONDS);
        w.awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
