package io.crowdpay.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Netty HTTP/1.1 server: keep-alive, header and body limits, idle timeout, epoll where the
 * platform has it. Requests larger than the body limit get a 413 problem before any of them is read
 * into memory.
 */
public final class HttpServer implements AutoCloseable {

    static final int INITIAL_LINE_LENGTH_MAX = 4096;
    static final int HEADER_BYTES_MAX = 8192;
    static final int IDLE_SECONDS_MAX = 60;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private HttpServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    public static HttpServer start(String host, int port, GatewayContext context) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), io);
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ApiHandler api = new ApiHandler(context);
        Channel channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS_MAX, TimeUnit.SECONDS) {
                            @Override
                            protected void channelIdle(ChannelHandlerContext ctx, io.netty.handler.timeout.IdleStateEvent evt) {
                                ctx.close();
                            }
                        });
                        ch.pipeline().addLast(new HttpServerCodec(INITIAL_LINE_LENGTH_MAX, HEADER_BYTES_MAX, 8192));
                        ch.pipeline().addLast(new HttpServerKeepAliveHandler());
                        ch.pipeline().addLast(new BodyLimit(context.bodyBytesMax(), context.metrics()));
                        ch.pipeline().addLast(api);
                    }
                })
                .bind(new InetSocketAddress(host, port)).sync().channel();
        return new HttpServer(boss, workers, channel);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Aggregates bodies up to the limit; answers a larger one with a 413 problem and closes. */
    private static final class BodyLimit extends HttpObjectAggregator {
        private final Metrics metrics;
        private final int limit;

        BodyLimit(int limit, Metrics metrics) {
            super(limit);
            this.limit = limit;
            this.metrics = metrics;
        }

        /**
         * For {@code Expect: 100-continue} with a declared length over the limit, answer no "continue"
         * here, so that the oversized message reaches {@link #handleOversizedMessage} and gets the
         * same 413 problem as any other oversized request.
         */
        @Override
        protected Object newContinueResponse(HttpMessage start, int maxContentLength, io.netty.channel.ChannelPipeline pipeline) {
            if (io.netty.handler.codec.http.HttpUtil.is100ContinueExpected(start)) {
                try {
                    if (io.netty.handler.codec.http.HttpUtil.getContentLength(start, -1L) > maxContentLength) {
                        return null;
                    }
                } catch (NumberFormatException malformed) {
                    return super.newContinueResponse(start, maxContentLength, pipeline);
                }
            }
            return super.newContinueResponse(start, maxContentLength, pipeline);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            Problem problem = Problem.of("T001", "body_too_large", "the request body is larger than " + limit + " bytes")
                    .withStatus(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
            String traceId = ServiceIds.traceId(oversized.headers());
            FullHttpResponse response = Responder.response(problem.status(), "application/problem+json",
                    Json.bytes(problem.toJson(traceId)), traceId);
            response.headers().set("Connection", "close");
            metrics.countResponse(problem.status().code(), problem.code());
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
