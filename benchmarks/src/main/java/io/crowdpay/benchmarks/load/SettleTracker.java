package io.crowdpay.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures settle latency (202 accepted to a terminal status) for a sample of accepted transactions:
 * each is polled with {@code GET /v1/transactions/{id}} right away and then every poll interval until
 * it is SETTLED, FAILED or REVERSED, or the timeout passes. The latency is the time of the response
 * that first showed the terminal status, so it is exact to within one poll interval plus one round
 * trip. Polls travel on connections of their own so that they never take a slot from the scheduled
 * load, and the number of tracked transactions is bounded so that a service that never settles cannot
 * grow this client's memory.
 */
final class SettleTracker implements Connection.Listener {

    /** A sampled transaction waiting for its terminal status. */
    static final class Tracked {
        final byte[] id;
        final Operation operation;
        final int pod;
        final int actor;
        final long acceptNanos;
        final boolean measured;

        Tracked(byte[] id, Operation operation, int pod, int actor, long acceptNanos, boolean measured) {
            this.id = id;
            this.operation = operation;
            this.pod = pod;
            this.actor = actor;
            this.acceptNanos = acceptNanos;
            this.measured = measured;
        }
    }

    /** Makes a shard's tracker, on that shard's loop and with its statistics. */
    interface Factory {
        SettleTracker create(Connector connector, ShardStats stats);
    }

    private static final byte[] STATUS = RequestTemplate.ascii("\"status\"");

    private final EventLoop loop;
    private final Connector connector;
    private final RequestTemplates templates;
    private final ShardStats stats;
    private final long pollIntervalNanos;
    private final long timeoutNanos;
    private final int trackedMax;
    private final Connection[] connections;
    private final ArrayDeque<Tracked> ready = new ArrayDeque<>();
    private int tracked;
    private boolean stopped;

    SettleTracker(Connector connector, RequestTemplates templates, ShardStats stats, int connections, int depth,
                  long pollIntervalNanos, long timeoutNanos, int trackedMax) {
        this.loop = connector.loop();
        this.connector = connector;
        this.templates = templates;
        this.stats = stats;
        this.pollIntervalNanos = pollIntervalNanos;
        this.timeoutNanos = timeoutNanos;
        this.trackedMax = trackedMax;
        this.connections = new Connection[connections];
        for (int i = 0; i < connections; i++) {
            this.connections[i] = new Connection(-1 - i, depth, this);
        }
    }

    /** No more reconnecting: the run is over and its connections are being closed. Called on the loop. */
    void stop() {
        stopped = true;
    }

    Connection[] connections() {
        return connections;
    }

    /** Transactions still being polled. */
    int tracking() {
        return tracked;
    }

    /** Starts tracking an accepted transaction; called on the loop. */
    void track(String transactionId, InFlight op, long acceptNanos) {
        if (tracked >= trackedMax) {
            stats.countError("settle_not_tracked_limit");
            return;
        }
        tracked++;
        if (op.measured) {
            stats.settleTracked.incrementAndGet();
        }
        ready.add(new Tracked(transactionId.getBytes(StandardCharsets.US_ASCII), op.operation, op.pod, op.actor, acceptNanos,
                op.measured));
        pump();
    }

    private void pump() {
        boolean sent = false;
        while (!ready.isEmpty()) {
            Connection c = leastBusy();
            if (c == null) {
                break;
            }
            Tracked t = ready.poll();
            InFlight slot = c.claim();
            slot.kind = InFlight.Kind.POLL;
            slot.tracked = t;
            ByteBuf buf = c.allocate(templates.pollSizeMax(t.pod, t.actor, t.id.length));
            templates.writePoll(buf, t.pod, t.actor, t.id);
            c.send(buf);
            stats.settlePolls.incrementAndGet();
            sent = true;
        }
        if (sent) {
            for (Connection c : connections) {
                if (c.open()) {
                    c.flush();
                }
            }
        }
    }

    private Connection leastBusy() {
        Connection best = null;
        for (Connection c : connections) {
            if (c.hasRoom() && (best == null || c.inFlight() < best.inFlight())) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public void onResponse(Connection connection, InFlight request, int status, ByteBuf buf, int bodyStart, int bodyLength,
                           long nowNanos) {
        Tracked t = request.tracked;
        request.tracked = null;
        String state = status == 200 ? Ascii.jsonString(buf, bodyStart, bodyStart + bodyLength, STATUS) : null;
        if ("SETTLED".equals(state) || "FAILED".equals(state) || "REVERSED".equals(state)) {
            tracked--;
            if (t.measured) {
                (state.equals("FAILED") ? stats.settleFailed : stats.settleSettled).incrementAndGet();
                ShardStats.record(stats.settle.get(t.operation), nowNanos - t.acceptNanos);
            }
        } else if (nowNanos - t.acceptNanos > timeoutNanos) {
            tracked--;
            if (t.measured) {
                stats.settleTimedOut.incrementAndGet();
            }
        } else {
            loop.schedule(() -> {
                ready.add(t);
                pump();
            }, pollIntervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void onReadComplete(Connection connection) {
        pump();
    }

    @Override
    public void onClosed(Connection connection, List<InFlight> lost) {
        for (InFlight f : lost) {
            ready.add(f.tracked);
            f.tracked = null;
        }
        for (int i = 0; i < connections.length; i++) {
            if (connections[i] == connection && !stopped) {
                Connection fresh = new Connection(connection.id, connection.depth(), this);
                connections[i] = fresh;
                loop.schedule(() -> connector.connect(fresh).addListener(f -> pump()), 100, TimeUnit.MILLISECONDS);
            }
        }
    }
}
