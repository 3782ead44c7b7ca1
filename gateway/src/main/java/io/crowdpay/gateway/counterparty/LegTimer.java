package io.crowdpay.gateway.counterparty;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.journal.ring.CommandSlot;
import io.crowdpay.journal.ring.Pipeline;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga's clock: every leg the engine requests gets a deadline, and when it passes a
 * {@link Command.TimeoutLeg} goes into the ring, journaled like any input, so replay decides the same.
 * The engine ignores it if the leg was answered in time, so the timer never needs cancelling and a
 * duplicate is harmless. At start, legs still pending are given what is left of their time.
 */
public final class LegTimer implements EventHandler<CommandSlot>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LegTimer.class);

    private final long timeoutMillis;
    private final LongSupplier clock;
    private final ScheduledThreadPoolExecutor scheduler;
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
        scheduler.schedule(() -> fire(transaction, leg), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onEvent(CommandSlot slot, long sequence, boolean endOfBatch) {
        for (Event event : slot.events()) {
            if (event instanceof Event.LegRequested leg) {
                watch(leg.transaction(), leg.leg(), leg.atMillis());
            }
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
