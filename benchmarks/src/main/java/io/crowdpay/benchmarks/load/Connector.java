package io.crowdpay.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;

/**
 * Opens connections to the service on one event loop: epoll where the platform has it (fewer
 * syscalls and no selector garbage), NIO otherwise. TCP_NODELAY, because requests are small and
 * latency is what is measured.
 */
final class Connector {

    private final EventLoop loop;
    private final InetSocketAddress address;

    Connector(EventLoop loop, InetSocketAddress address) {
        this.loop = loop;
        this.address = address;
    }

    static Class<? extends Channel> channelType() {
        return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Connects {@code connection}'s channel; the future completes on the loop once it is attached. */
    ChannelFuture connect(Connection connection) {
        ChannelFuture future = new Bootstrap()
                .group(loop)
                .channel(channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(connection)
                .connect(address);
        connection.attach(future.channel());
        return future;
    }

    EventLoop loop() {
        return loop;
    }
}
