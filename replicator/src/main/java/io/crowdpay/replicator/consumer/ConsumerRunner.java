package io.crowdpay.replicator.consumer;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.log.EventLog;
import io.crowdpay.replicator.log.EventLogReader;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link EventConsumer} on its own thread: reads its checkpoint from the destination,
 * tails the {@link EventLog} from there, and hands over batches. When the destination fails (down,
 * refusing), the runner backs off (100 ms doubling to 5 s), then reads the checkpoint again and goes
 * on from it: what was stored stays stored, what was not is handed over again, so a consumer never
 * skips and never duplicates. Nothing piles up in memory while a destination is down: the events wait
 * in the log on disk, and {@link #status()} shows the lag growing, which is what load shedding and
 * /readyz look at.
 */
public final class ConsumerRunner implements AutoCloseable {

    /** The most time between two {@link EventConsumer#tick} calls. */
    public static final long TICK_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRunner.class);
    private static final long BACKOFF_MIN_MILLIS = 100;
    private static final long BACKOFF_MAX_MILLIS = 5_000;
    private static final long IDLE_PARK_NANOS = 1_000_000;

    private final EventConsumer consumer;
    private final EventLog log;
    private final Thread thread;

    private volatile long checkpoint = -1;
    /** The last sequence handed to the consumer (stored, or held in memory by it). */
    private volatile long handed = -1;
    /** Journaled time of the oldest event read but not yet delivered, 0 when none is waiting. */
    private volatile long pendingSinceMillis;
    private volatile String failure;
    private volatile long failingSince;
    private volatile boolean running = true;

    private ConsumerRunner(EventConsumer consumer, EventLog log) {
        this.consumer = consumer;
        this.log = log;
        this.thread = new Thread(this::run, "consumer-" + consumer.name());
        this.thread.setDaemon(true);
    }

    public static ConsumerRunner start(EventConsumer consumer, EventLog log) {
        ConsumerRunner runner = new ConsumerRunner(consumer, log);
        runner.thread.start();
        return runner;
    }

    public String name() {
        return consumer.name();
    }

    /** Where the consumer stands now. Before its first checkpoint is read, all of the log is lag. */
    public ConsumerStatus status() {
        long cp = Math.max(checkpoint, 0);
        String why = failure;
        long since = failingSince;
        long now = System.currentTimeMillis();
        return new ConsumerStatus(consumer.name(), cp, Math.max(0, log.head() - cp), lagMillis(now), why,
                why == null ? 0 : now - since);
    }

    /**
     * Replication lag in time: how long the oldest event this consumer has not yet handed over
     * successfully has been waiting since the journaller stamped it (0 when nothing waits). Events
     * count from when the runner reads them (within about a millisecond when idle, at once after a
     * batch) or, while its destination fails before anything is read, from the first event after its
     * last known checkpoint. A consumer that holds events
     * before its checkpoint moves (the audit's open Merkle batch) counts them as handed over.
     */
    public long lagMillis(long nowMillis) {
        long since = pendingSinceMillis;
        return since == 0 ? 0 : Math.max(0, nowMillis - since);
    }

    /** Events in the log this consumer has not stored yet; allocation-free, for every command's shedding check. */
    public long lag() {
        return Math.max(0, log.head() - Math.max(checkpoint, 0));
    }

    private void run() {
        long backoff = BACKOFF_MIN_MILLIS;
        while (running) {
            try (EventLogReader reader = connect()) {
                long lastTick = System.currentTimeMillis();
                while (running) {
                    List<EventRecord> batch = reader.read(consumer.batchEventsMax());
                    if (!batch.isEmpty()) {
                        pendingSinceMillis = Math.max(1, batch.getFirst().atMillis());
                        long cp = consumer.deliver(batch);
                        handed = batch.getLast().sequence();
                        pendingSinceMillis = 0;
                        advance(cp);
                    }
                    long now = System.currentTimeMillis();
                    if (now - lastTick >= TICK_MILLIS) {
                        advance(consumer.tick(now));
                        lastTick = now;
                    }
                    if (failure != null) {
                        LOG.info("consumer {} recovered after {} ms; checkpoint {}", consumer.name(),
                                now - failingSince, checkpoint);
                        failure = null;
                    }
                    backoff = BACKOFF_MIN_MILLIS;
                    if (batch.isEmpty()) {
                        LockSupport.parkNanos(IDLE_PARK_NANOS);
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                fail(e);
                if (pendingSinceMillis == 0) {
                    // It failed before it read anything (its destination cannot even tell its checkpoint):
                    // the oldest event it owes is the one after the last checkpoint it knew.
                    pendingSinceMillis = firstPendingAtMillis();
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, BACKOFF_MAX_MILLIS);
            }
        }
    }

    /** Journaled time of the first event after the known checkpoint, 0 when there is none (or it cannot be read). */
    private long firstPendingAtMillis() {
        try (EventLogReader reader = log.reader(Math.max(checkpoint, 0))) {
            List<EventRecord> next = reader.read(1);
            return next.isEmpty() ? 0 : Math.max(1, next.getFirst().atMillis());
        } catch (Exception unreadable) {
            return 0;
        }
    }

    private EventLogReader connect() throws Exception {
        long cp = consumer.checkpoint();
        if (cp > log.head()) {
            throw new IllegalStateException("its store holds events up to " + cp + " but the event log ends at "
                    + log.head() + ": the store belongs to another journal; rebuild it");
        }
        checkpoint = cp;
        handed = cp;
        return log.reader(cp);
    }

    private void advance(long cp) {
        if (cp > checkpoint) {
            checkpoint = cp;
        }
    }

    private void fail(Exception e) {
        String why = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (failure == null) {
            failingSince = System.currentTimeMillis();
            LOG.warn("consumer {} failed at checkpoint {}; retrying with backoff: {}", consumer.name(), checkpoint, why);
        } else if (!why.equals(failure)) {
            LOG.warn("consumer {} still failing: {}", consumer.name(), why);
        }
        failure = why;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the thread after the batch in hand. Before calling, the service waits with
     * {@link #awaitCaughtUp} if it wants everything stored.
     */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            consumer.close();
        } catch (Exception e) {
            LOG.warn("closing consumer {}: {}", consumer.name(), e.toString());
        }
    }

    /**
     * Waits until the consumer has been handed everything up to the log's head (stored it, or holds it
     * in memory as the audit's open batch does) or the time runs out; answers which.
     */
    public boolean awaitCaughtUp(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (handed < log.head()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            LockSupport.parkNanos(5_000_000);
        }
        return true;
    }
}
