package io.crowdpay.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * One keep-alive HTTP/1.1 connection with up to {@code depth} requests pipelined on it. The gateway
 * answers a connection's requests in order, so responses are matched to the oldest request in
 * flight. The ring has one slot more than the depth: a listener that answers a response by sending
 * a follow-up on the same connection (an FX swap after its quote) then never overwrites the slot it
 * is still reading.
 */
final class Connection extends ByteToMessageDecoder {

    /** What happens to responses; called on the connection's event loop. */
    interface Listener {
        /** A response to {@code request}; the body is {@code buf[bodyStart, bodyStart + bodyLength)}. */
        void onResponse(Connection connection, InFlight request, int status, ByteBuf buf, int bodyStart, int bodyLength,
                        long nowNanos);

        /** A batch of reads ended: a good moment to send what waits and flush. */
        void onReadComplete(Connection connection);

        /** The connection is gone; {@code lost} requests got no response. */
        void onClosed(Connection connection, List<InFlight> lost);
    }

    final int id;
    private final int depth;
    private final Listener listener;
    private final InFlight[] ring;
    private final ResponseFramer framer = new ResponseFramer();
    private int head;
    private int size;
    private boolean dirty;
    private Channel channel;

    Connection(int id, int depth, Listener listener) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1");
        }
        this.id = id;
        this.depth = depth;
        this.listener = listener;
        this.ring = new InFlight[depth + 1];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new InFlight();
        }
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    boolean open() {
        return channel != null && channel.isActive();
    }

    int depth() {
        return depth;
    }

    int inFlight() {
        return size;
    }

    boolean hasRoom() {
        return size < depth && open();
    }

    /** The slot for the next request; fill it, then {@link #send} the request's bytes. */
    InFlight claim() {
        if (size >= depth) {
            throw new IllegalStateException("connection " + id + " is full");
        }
        return ring[(head + size) % ring.length];
    }

    /** Queues the claimed request's bytes; they leave at the next {@link #flush}. */
    void send(ByteBuf request) {
        size++;
        dirty = true;
        channel.write(request, channel.voidPromise());
    }

    ByteBuf allocate(int capacity) {
        return channel.alloc().directBuffer(capacity);
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    void flush() {
        if (dirty) {
            dirty = false;
            channel.flush();
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int length = framer.frame(in);
            if (length < 0) {
                return;
            }
            if (size == 0) {
                throw new ResponseFramer.Malformed("a response arrived with no request in flight");
            }
            InFlight request = ring[head];
            head = (head + 1) % ring.length;
            size--;
            boolean close = framer.close;
            listener.onResponse(this, request, framer.status, in, framer.bodyStart, framer.bodyLength, System.nanoTime());
            in.skipBytes(length);
            if (close) {
                ctx.close();
                return;
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        super.channelReadComplete(ctx);
        listener.onReadComplete(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        List<InFlight> lost = new java.util.ArrayList<>(size);
        while (size > 0) {
            lost.add(ring[head]);
            head = (head + 1) % ring.length;
            size--;
        }
        listener.onClosed(this, lost);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.err.println("load: connection " + id + " dropped: " + cause);
        ctx.close();
    }
}
