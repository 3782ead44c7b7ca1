package io.crowdpay.replicator.audit.trail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay to the real nats-server that a test can cut and restore, so that a NATS outage (and
 * the client's automatic reconnect after it) can be staged without touching the shared server.
 */
final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> sockets = new ArrayList<>();
    /** Sockets whose bytes are read and dropped: their connections stay open but carry nothing. */
    private final java.util.Set<Socket> silenced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private ServerSocket server;

    private TcpProxy(InetSocketAddress target, ServerSocket server) {
        this.target = target;
        this.server = server;
        this.port = server.getLocalPort();
        accept(server);
    }

    static TcpProxy to(String host, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return new TcpProxy(new InetSocketAddress(host, port), server);
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Drops every relayed connection and refuses new ones: the server is unreachable. */
    synchronized void cut() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /**
     * Keeps every relayed connection open but drops what it carries, both ways: a client sees a
     * connected socket that answers nothing. Connections made after this relay normally.
     */
    synchronized void silence() {
        silenced.addAll(sockets);
    }

    /** Listens again on the same port: the client's next reconnect attempt gets through. */
    synchronized void restore() throws IOException {
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress("127.0.0.1", port));
        server = again;
        accept(again);
    }

    private void accept(ServerSocket listening) {
        Thread.ofVirtual().name("proxy-accept").start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(target.getHostString(), target.getPort());
                    synchronized (this) {
                        sockets.add(client);
                        sockets.add(upstream);
                    }
                    pump(client, upstream, silenced);
                    pump(upstream, client, silenced);
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void pump(Socket from, Socket to, java.util.Set<Socket> silenced) {
        Thread.ofVirtual().name("proxy-pump").start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (silenced.contains(from)) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException cut) {
                // One side was closed (by cut() or by the peer): the relay of this connection ends.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed: nothing more to release.
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
