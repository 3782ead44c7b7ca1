package io.crowdpay.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One I/O thread's share of the load: its stride of the schedule, its keep-alive connections, and
 * its measurements. Everything here runs on the shard's event loop, so there are no locks: the
 * schedule is pumped by a timer set to the next intended start and by every batch of responses.
 *
 * <p>Open loop: an operation is sent at its intended time if a connection has room (fewer than
 * {@code depth} requests in flight); otherwise it waits, in schedule order, for the first free slot.
 * Nothing is dropped and the schedule never slows down: the wait is part of the operation's latency,
 * and an operation sent more than the late threshold after its intended start is counted as late.
 */
final class Shard implements Connection.Listener {

    private static final byte[] QUOTE_ID = RequestTemplate.ascii("\"quote_id\"");
    private static final byte[] TRANSACTION_ID = RequestTemplate.ascii("\"transaction_id\"");
    private static final byte[] CODE = RequestTemplate.ascii("\"code\"");
    private static final byte[] REASON = RequestTemplate.ascii("\"reason\"");
    /** Room for the key's decimal sequence number and a quote id in a request buffer. */
    private static final int KEY_DIGITS_MAX = 20;
    private static final int QUOTE_ID_MAX = 64;

    /**
     * What every shard shares.
     *
     * @param lateNanos         an operation sent later than this after its intended start counts as late
     * @param settleSample      share of accepted operations whose settle latency is tracked
     * @param keyPrefix         idempotency keys are this prefix and the operation's global index
     */
    record Settings(Mix mix, PodChoice pods, long lateNanos, double settleSample, byte[] keyPrefix,
                    long seed) {
    }

    final int index;
    final ShardStats stats = new ShardStats();
    private final EventLoop loop;
    private final Connector connector;
    private final Settings settings;
    private final RequestTemplates templates;
    private final Connection[] connections;
    private final SettleTracker settle;
    private final ReadinessSampler readiness;
    private final SplittableRandom random;
    /** Set by {@link #start}, before the loop first reads them. */
    private Schedule schedule;
    private long count;
    private long measureStartNanos;
    private long next;
    private long operationsOpen;
    private boolean timerArmed;
    private boolean stopping;
    private int rotate;
    private volatile boolean finished;
    private final Runnable tick = () -> {
        timerArmed = false;
        pump();
    };

    Shard(int index, Connector connector, Settings settings, RequestTemplates templates, int connections,
          int depth, SettleTracker.Factory settleFactory, ReadinessSampler readiness) {
        this.index = index;
        this.loop = connector.loop();
        this.connector = connector;
        this.settings = settings;
        this.templates = templates;
        this.connections = new Connection[connections];
        for (int i = 0; i < connections; i++) {
            this.connections[i] = new Connection(i, depth, this);
        }
        this.settle = settleFactory.create(connector, stats);
        this.readiness = readiness;
        this.random = new SplittableRandom(settings.seed() * 31 + index);
    }

    /** Opens every connection of this shard; blocks the calling (non-loop) thread until they are up. */
    void connect() throws InterruptedException {
        for (Connection c : connections) {
            connector.connect(c).sync();
        }
        for (Connection c : settle.connections()) {
            connector.connect(c).sync();
        }
        if (readiness != null) {
            connector.connect(readiness.connection()).sync();
        }
    }

    /**
     * Starts this shard's part of the schedule (and the readiness sampling, on the shard that has it).
     * Operations intended at or after measureStartNanos are measured; earlier ones are warm-up.
     */
    void start(Schedule shardSchedule, long measureStartNanos) {
        this.schedule = shardSchedule;
        this.count = shardSchedule.count();
        this.measureStartNanos = measureStartNanos;
        loop.execute(() -> {
            if (readiness != null) {
                readiness.start(shardSchedule.startNanos());
            }
            pump();
        });
    }

    /** Runs a task on this shard's loop and waits for it. */
    void loopExecute(Runnable task) throws InterruptedException, java.util.concurrent.ExecutionException {
        loop.submit(task).get();
    }

    /** Computes a value on this shard's loop and waits for it. */
    <T> T onLoop(java.util.concurrent.Callable<T> task) throws InterruptedException, java.util.concurrent.ExecutionException {
        return loop.submit(task).get();
    }

    /** Whether every scheduled operation was sent and answered (or lost). */
    boolean finished() {
        return finished;
    }

    ReadinessSampler readiness() {
        return readiness;
    }

    /** Operations not yet answered: unsent ones and those in flight. Call on the loop. */
    long unfinished() {
        return count - next + operationsOpen;
    }

    /** Stops sending, sampling and reconnecting, and closes the connections. Call on the loop. */
    void stop() {
        stopping = true;
        settle.stop();
        if (readiness != null) {
            readiness.stop();
            readiness.connection().close();
        }
        for (Connection c : connections) {
            c.close();
        }
        for (Connection c : settle.connections()) {
            c.close();
        }
    }

    private void pump() {
        if (stopping) {
            return;
        }
        long now = System.nanoTime();
        while (next < count && schedule.intendedNanos(next) <= now) {
            if (!sendNext(now)) {
                break;
            }
            now = System.nanoTime();
        }
        for (Connection c : connections) {
            if (c.open()) {
                c.flush();
            }
        }
        if (next < count && !timerArmed) {
            long wait = schedule.intendedNanos(next) - now;
            if (wait > 0) {
                timerArmed = true;
                loop.schedule(tick, wait, TimeUnit.NANOSECONDS);
            }
        }
        if (next >= count && operationsOpen == 0) {
            finished = true;
        }
    }

    /** Sends the next scheduled operation on the least busy connection; false if none has room. */
    private boolean sendNext(long now) {
        Connection c = leastBusy();
        if (c == null) {
            return false;
        }
        long intended = schedule.intendedNanos(next);
        long seq = schedule.globalIndex(next);
        next++;
        InFlight f = c.claim();
        f.operation = settings.mix().select(random.nextDouble());
        f.kind = f.operation == Operation.FX_SWAP ? InFlight.Kind.QUOTE : InFlight.Kind.OPERATION;
        f.pod = settings.pods().select(random.nextDouble());
        f.actor = random.nextInt(templates.actors(f.pod));
        f.variant = random.nextInt(Plan.AMOUNTS_CENTS.length);
        f.seq = seq;
        f.intendedNanos = intended;
        f.firstSentNanos = now;
        f.measured = intended >= measureStartNanos;
        f.sampled = random.nextDouble() < settings.settleSample();
        f.tracked = null;
        RequestTemplate template = templates.first(f.operation, f.pod, f.actor, f.variant);
        ByteBuf buf = c.allocate(template.sizeMax(settings.keyPrefix().length + KEY_DIGITS_MAX, 0));
        template.write(buf, settings.keyPrefix(), seq, null);
        c.send(buf);
        operationsOpen++;
        stats.sent.incrementAndGet();
        long delay = now - intended;
        boolean late = delay > settings.lateNanos();
        if (late) {
            stats.lateAll.incrementAndGet();
        }
        if (f.measured) {
            stats.measuredSent.incrementAndGet();
            ShardStats.record(stats.sendDelay, delay);
            if (late) {
                stats.measuredLate.incrementAndGet();
            }
        }
        return true;
    }

    private Connection leastBusy() {
        Connection best = null;
        int n = connections.length;
        rotate = rotate + 1 == n ? 0 : rotate + 1;
        for (int k = 0; k < n; k++) {
            Connection c = connections[(rotate + k) % n];
            if (c.hasRoom() && (best == null || c.inFlight() < best.inFlight())) {
                best = c;
                if (c.inFlight() == 0) {
                    break;
                }
            }
        }
        return best;
    }

    @Override
    public void onResponse(Connection connection, InFlight request, int status, ByteBuf buf, int bodyStart, int bodyLength,
                           long nowNanos) {
        int bodyEnd = bodyStart + bodyLength;
        String quoteProblem = null;
        if (request.kind == InFlight.Kind.QUOTE) {
            String quoteId = status == 201 ? Ascii.jsonString(buf, bodyStart, bodyEnd, QUOTE_ID) : null;
            if (quoteId != null && connection.hasRoom()) {
                sendSwap(connection, request, quoteId.getBytes(StandardCharsets.US_ASCII));
                return;
            }
            // A quote that cannot be spent ends its operation as an error, even when it was answered 2xx.
            if (status / 100 == 2) {
                quoteProblem = quoteId == null ? "fx quote: " + status + " without quote_id" : "fx quote: connection closing";
            }
        }
        operationsOpen--;
        stats.completedAll.incrementAndGet();
        long latency = nowNanos - request.intendedNanos;
        if (status / 100 == 2 && quoteProblem == null) {
            ShardStats.record(stats.progress, latency);
            if (request.measured) {
                ShardStats.record(stats.latency.get(request.operation), latency);
                ShardStats.record(stats.service, nowNanos - request.firstSentNanos);
                stats.measuredOk.incrementAndGet();
                stats.lastMeasuredResponseNanos.set(nowNanos);
            }
            if (request.sampled && status == 202) {
                String id = Ascii.jsonString(buf, bodyStart, bodyEnd, TRANSACTION_ID);
                if (id != null) {
                    settle.track(id, request, nowNanos);
                }
            }
            return;
        }
        stats.errorsAll.incrementAndGet();
        if (request.measured) {
            stats.measuredErrors.incrementAndGet();
            stats.lastMeasuredResponseNanos.set(nowNanos);
            String code = Ascii.jsonString(buf, bodyStart, bodyEnd, CODE);
            String reason = Ascii.jsonString(buf, bodyStart, bodyEnd, REASON);
            String key = (code == null ? "HTTP " + status : code + " " + reason);
            stats.countError(quoteProblem != null ? quoteProblem : request.kind == InFlight.Kind.QUOTE ? "fx quote: " + key : key);
        }
    }

    private void sendSwap(Connection connection, InFlight quote, byte[] quoteId) {
        InFlight swap = connection.claim();
        swap.copyOperation(quote);
        swap.kind = InFlight.Kind.OPERATION;
        RequestTemplate template = templates.swap(quote.pod, quote.actor, quote.variant);
        ByteBuf buf = connection.allocate(template.sizeMax(settings.keyPrefix().length + KEY_DIGITS_MAX, QUOTE_ID_MAX));
        template.write(buf, settings.keyPrefix(), quote.seq, quoteId);
        connection.send(buf);
    }

    @Override
    public void onReadComplete(Connection connection) {
        pump();
    }

    @Override
    public void onClosed(Connection connection, List<InFlight> lost) {
        if (stopping) {
            // The run is over: what is still in flight stays counted as unfinished, not as an error.
            return;
        }
        for (InFlight f : lost) {
            operationsOpen--;
            stats.completedAll.incrementAndGet();
            stats.errorsAll.incrementAndGet();
            if (f.measured) {
                stats.measuredErrors.incrementAndGet();
                stats.countError("connection_closed");
            }
        }
        stats.connectionsLost.incrementAndGet();
        Connection fresh = new Connection(connection.id, connection.depth(), this);
        connections[connection.id] = fresh;
        loop.schedule(() -> connector.connect(fresh).addListener(f -> pump()), 100, TimeUnit.MILLISECONDS);
        pump();
    }
}
