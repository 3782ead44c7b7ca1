package io.crowdpay.gateway.counterparty;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.journal.ring.CommandSlot;
import io.crowdpay.journal.ring.Pipeline;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga's clock: every leg the engine requests gets a deadline, and when it passes a
 * {@link Command.TimeoutLeg} goes into the ring, journaled like any input, so replay decides the same.
 * At start, legs still pending are given what is left of their time.
 *
 * <p>A deadline is cancelled when the leg's end is seen in the events (answered, timed out, or the
 * transaction failed by an AML hit), so an answered leg does not put a no-op TimeoutLeg into the
 * journal and through the engine 30 s later (at 20,000 requests/s with 10% legs, 2,000 such commands
 * a second), nor keep its task in the queue that long. Correctness does not depend on it: a timeout
 * that fires anyway, racing the answer, is ignored by the engine, and a duplicate is harmless.
 */
public final class LegTimer implements EventHandler<CommandSlot>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LegTimer.class);

    private final long timeoutMillis;
    private final LongSupplier clock;
    private final ScheduledThreadPoolExecutor scheduler;
    /** The deadline of each watched leg, by transaction (a transaction has at most one outside leg). */
    private final Map<TransactionId, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
    private volatile Pipeline pipeline;

    public LegTimer(long timeoutMillis, LongSupplier clock) {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("leg timeout must be positive");
        }
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "leg-timer");
            t.setDaemon(true);
            return t;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Starts publishing timeouts into the pipeline; deadlines set before this wait for it. */
    public void start(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Sets the deadline of a leg requested at {@code requestedAtMillis} (journaled time). */
    public void watch(TransactionId transaction, Leg leg, long requestedAtMillis) {
        long delay = Math.max(0, requestedAtMillis + timeoutMillis - clock.getAsLong());
        ScheduledFuture<?> replaced = deadlines.put(transaction, scheduler.schedule(() -> fire(transaction, leg), delay, TimeUnit.MILLISECONDS));
        if (replaced != null) {
            replaced.cancel(false);
        }
    }

    @Override
    public void onEvent(CommandSlot slot, long sequence, boolean endOfBatch) {
        for (Event event : slot.events()) {
            observe(event);
        }
    }

    /** Sets a deadline for a requested leg; drops it once the leg's end is in the events. */
    void observe(Event event) {
        switch (event) {
            case Event.LegRequested leg -> watch(leg.transaction(), leg.leg(), leg.atMillis());
            case Event.LegCompleted done -> forget(done.transaction());
            case Event.LegTimedOut done -> forget(done.transaction());
            case Event.TransactionFailed done -> forget(done.transaction());
            default -> {
            }
        }
    }

    /** The transaction waits for no leg any more: its deadline, if any, is dropped. */
    private void forget(TransactionId transaction) {
        ScheduledFuture<?> deadline = deadlines.remove(transaction);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void fire(TransactionId transaction, Leg leg) {
        Pipeline target = pipeline;
        if (target == null) {
            scheduler.schedule(() -> fire(transaction, leg), 100, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            target.publish(new Command.TimeoutLeg(transaction, leg), null);
        } catch (IllegalStateException closed) {
            LOG.debug("pipeline closed; timeout of {} leg of {} not sent (it is set again at the next start)", leg, transaction);
        }
    }

    /** Deadlines waiting now (for metrics). */
    public int waiting() {
        return scheduler.getQueue().size();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
