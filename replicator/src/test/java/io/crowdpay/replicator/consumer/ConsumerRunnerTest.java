package io.crowdpay.replicator.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.log.EventLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's promise, whatever the destination does: every event stored once, in order, no gap,
 * however often deliveries fail part-way; lag and failures visible while it happens; held events
 * handed over again after a failure.
 */
class ConsumerRunnerTest {

    @TempDir
    Path dir;

    static EventRecord event(long sequence) {
        return new EventRecord(sequence, EventRecord.idFor(sequence), "tx_" + sequence / 3, sequence % 3 + 1, "Posted.v1",
                "{\"n\":" + sequence + "}", sequence, 1_767_225_600_000L + sequence, null);
    }

    /**
     * A destination with transactional batches: a batch is stored whole with its checkpoint or not at
     * all, a redelivered prefix is skipped, and it fails at random before or after committing (the
     * latter is the "crash between write and acknowledgement" case: stored, but the runner hears a failure).
     */
    static final class FlakyStore implements EventConsumer {
        final List<EventRecord> stored = new ArrayList<>();
        final Random random = new Random(42);
        final AtomicBoolean down = new AtomicBoolean();
        int failures;

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public synchronized long checkpoint() {
            if (down.get()) {
                throw new IllegalStateException("destination down");
            }
            return stored.isEmpty() ? 0 : stored.getLast().sequence();
        }

        @Override
        public synchronized long deliver(List<EventRecord> batch) {
            if (down.get()) {
                failures++;
                throw new IllegalStateException("destination down");
            }
            if (random.nextInt(5) == 0) {
                failures++;
                throw new IllegalStateException("refused before commit");
            }
            long cp = checkpoint();
            List<EventRecord> fresh = batch.stream().filter(e -> e.sequence() > cp).toList();
            if (!fresh.isEmpty() && fresh.getFirst().sequence() != cp + 1) {
                throw new AssertionError("gap: checkpoint " + cp + ", batch starts at " + fresh.getFirst().sequence());
            }
            stored.addAll(fresh);
            if (random.nextInt(5) == 0) {
                failures++;
                throw new IllegalStateException("lost the answer after commit");
            }
            return checkpoint();
        }

        @Override
        public int batchEventsMax() {
            return 97;
        }

        synchronized List<EventRecord> snapshot() {
            return List.copyOf(stored);
        }
    }

    /** Holds events in memory and stores them only on tick, as the audit does with its open batch. */
    static final class HoldingStore implements EventConsumer {
        final List<EventRecord> stored = new ArrayList<>();
        final List<EventRecord> held = new ArrayList<>();
        int ticksToFailure = 3;

        @Override
        public String name() {
            return "holding";
        }

        @Override
        public synchronized long checkpoint() {
            held.clear();
            return stored.isEmpty() ? 0 : stored.getLast().sequence();
        }

        @Override
        public synchronized long deliver(List<EventRecord> batch) {
            long last = held.isEmpty() ? (stored.isEmpty() ? 0 : stored.getLast().sequence()) : held.getLast().sequence();
            batch.stream().filter(e -> e.sequence() > last).forEach(held::add);
            return stored.isEmpty() ? 0 : stored.getLast().sequence();
        }

        @Override
        public synchronized long tick(long nowMillis) {
            if (--ticksToFailure == 0) {
                throw new IllegalStateException("sealing failed once");
            }
            stored.addAll(held);
            held.clear();
            return stored.isEmpty() ? 0 : stored.getLast().sequence();
        }

        synchronized List<EventRecord> snapshot() {
            return List.copyOf(stored);
        }
    }

    private static List<EventRecord> fill(EventLog log, long from, long to) {
        List<EventRecord> all = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            EventRecord e = event(s);
            log.append(e);
            all.add(e);
            if (s % 50 == 0) {
                log.flush();
            }
        }
        log.flush();
        return all;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void givenADestinationFailingAtRandom_whenTheRunnerTailsTheLog_thenEveryEventIsStoredOnceInOrder() throws Exception {
        FlakyStore store = new FlakyStore();
        try (EventLog log = EventLog.open(dir); Consumers consumers = new Consumers(log, 1_000_000).start(store)) {
            List<EventRecord> all = fill(log, 1, 3_000);
            ConsumerRunner runner = consumers.runners().getFirst();
            await(() -> runner.status().lag() == 0 && store.snapshot().size() == all.size(), "caught up");
            assertThat(store.snapshot()).isEqualTo(all);
            assertThat(store.failures).as("the destination did fail along the way").isGreaterThan(5);
        }
    }

    @Test
    void givenADestinationDown_whenEventsArrive_thenLagAndFailureShowAndShedding_andAfterwardsItCatchesUp() throws Exception {
        FlakyStore store = new FlakyStore();
        store.random.setSeed(7);
        try (EventLog log = EventLog.open(dir); Consumers consumers = new Consumers(log, 1_000).start(store)) {
            ConsumerRunner runner = consumers.runners().getFirst();
            store.down.set(true);
            List<EventRecord> all = fill(log, 1, 2_500);
            await(() -> runner.status().failure() != null && runner.status().failure().contains("destination down")
                    && runner.status().lag() == 2_500 && runner.status().lagMillis() > 0, "failure and lag reported");
            ConsumerStatus status = runner.status();
            assertThat(status.lag()).isEqualTo(2_500);
            assertThat(status.lagMillis()).as("the undelivered events' age").isPositive();
            assertThat(status.failure()).contains("destination down");
            assertThat(consumers.shedding()).contains("flaky").contains("2500 events behind");

            store.down.set(false);
            await(() -> runner.status().lag() == 0 && runner.status().failure() == null, "recovered");
            assertThat(runner.status().lagMillis()).isZero();
            assertThat(consumers.shedding()).isNull();
            assertThat(store.snapshot()).isEqualTo(all);
        }
    }

    @Test
    void givenAConsumerHoldingEventsInMemory_whenItFailsBeforeStoringThem_thenTheyAreHandedOverAgain() throws Exception {
        HoldingStore store = new HoldingStore();
        try (EventLog log = EventLog.open(dir); Consumers consumers = new Consumers(log, 1_000_000).start(store)) {
            List<EventRecord> all = fill(log, 1, 1_000);
            ConsumerRunner runner = consumers.runners().getFirst();
            await(() -> store.snapshot().size() == all.size() && runner.status().lag() == 0, "all stored");
            assertThat(store.snapshot()).isEqualTo(all);
        }
    }
}
