package io.crowdpay.journal.ring;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.locks.LockSupport;

/**
 * The default wait strategy: a stage with nothing to do spins briefly, then parks until the stage it
 * waits on wakes it, so an idle or lightly loaded pipeline costs almost no CPU and the cores go to
 * the gateway, the garbage collector and the downstream consumers.
 *
 * <p>Why not Disruptor's own: "sleeping" makes every idle wait spin 100 times and call
 * {@code sched_yield} 100 times before it parks for ~60 µs, so seven stages kept ~1.6 of this box's two
 * cores busy at 5,000 requests/s; "blocking" wakes only the first stage and busy-spins every stage that
 * waits on another one, which on two cores starves the stage it waits for (3.4k requests/s).
 *
 * <p>Who wakes whom: a publisher wakes the first stage ({@link #signalAllWhenBlocking}, called by the
 * ring on every publish); a stage on a client's path, at the end of each batch, advances its own
 * sequence and then wakes the next one ({@link #wakingNext}): the journaller the processor, the
 * processor the replier. Stages off that path (the output handlers) are not woken: they find their
 * work when their park ends, batching a millisecond's events instead of paying a wake-up per batch.
 * Every park is bounded ({@value #PARK_NANOS} ns), which is also the most a missed wake (none is
 * known) could cost. {@link LockSupport#unpark} on a running thread only leaves a permit, so waking
 * is cheap when nobody sleeps.
 */
final class ParkingWaitStrategy implements WaitStrategy {

    /** A few µs of {@link Thread#onSpinWait} before parking: catches the next batch under load. */
    static final int SPINS = 200;
    /** Bound on one park. */
    static final long PARK_NANOS = 1_000_000;
    /**
     * After this long with nothing to do, a wait ends in {@link TimeoutException}, which the
     * Disruptor turns into the stage's {@code onTimeout}: the processor uses it to go on copying a
     * snapshot's tables when commands stop coming (ADR 0010).
     */
    static final long IDLE_TIMEOUT_NANOS = 10_000_000;

    /** The thread that waits on the ring's cursor (the journaller), woken on every publish. */
    private final Next first = new Next();

    void firstStage(Thread thread) {
        first.set(thread);
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, TimeoutException {
        long available;
        int spins = SPINS;
        long parked = 0;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
            } else if (parked >= IDLE_TIMEOUT_NANOS) {
                throw TimeoutException.INSTANCE;
            } else {
                long start = System.nanoTime();
                LockSupport.parkNanos(this, PARK_NANOS);
                parked += System.nanoTime() - start;
                spins = SPINS;
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        first.wake();
    }

    /** The thread a stage wakes when it finishes a batch; set once the threads exist (none until then). */
    static final class Next {
        private volatile Thread thread;

        void set(Thread thread) {
            this.thread = thread;
        }

        void wake() {
            LockSupport.unpark(thread); // a no-op while null
        }
    }

    /**
     * Wraps a stage's handler so that each batch it finishes is published (its sequence advanced)
     * and then wakes the next stage, so a woken stage finds the batch already there.
     */
    static <T> EventHandler<T> wakingNext(EventHandler<T> handler, Next next) {
        return new EventHandler<>() {
            private Sequence own;

            @Override
            public void onEvent(T event, long sequence, boolean endOfBatch) throws Exception {
                handler.onEvent(event, sequence, endOfBatch);
                if (endOfBatch) {
                    own.set(sequence);
                    next.wake();
                }
            }

            @Override
            public void setSequenceCallback(Sequence sequence) {
                own = sequence;
                handler.setSequenceCallback(sequence);
            }

            @Override
            public void onStart() {
                handler.onStart();
            }

            @Override
            public void onShutdown() {
                handler.onShutdown();
            }

            @Override
            public void onTimeout(long sequence) throws Exception {
                handler.onTimeout(sequence);
            }
        };
    }
}
