package io.crowdpay.replicator.postgres;

import static io.crowdpay.replicator.postgres.TestDatabase.eventCount;
import static io.crowdpay.replicator.postgres.TestDatabase.events;
import static io.crowdpay.replicator.postgres.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStoreConcurrencyTest {

    private static final int BATCHES = 20;
    private static final int BATCH_EVENTS = 250;
    private static final long LAST = (long) BATCHES * BATCH_EVENTS;

    private final List<Schema> schemas = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeEach
    void twoSchemas() {
        schemas.add(TestDatabase.migratedSchema());
        schemas.add(TestDatabase.migratedSchema());
    }

    @AfterEach
    void dropSchemas() throws SQLException {
        threads.shutdownNow();
        for (Schema schema : schemas) {
            TestDatabase.drop(schema);
        }
    }

    @Test
    void givenTwoConsumersOfTheSameEvents_whenAppendingConcurrentlyToTwoSchemas_thenEachHasAllOnce() throws Exception {
        try (EventStore first = EventStore.open(TestDatabase.URL, schemas.get(0));
             EventStore second = EventStore.open(TestDatabase.URL, schemas.get(1))) {
            List<Future<Integer>> runs = List.of(threads.submit(appendAll(first, "store-a")),
                    threads.submit(appendAll(second, "store-b")));

            for (Future<Integer> run : runs) {
                assertThat(run.get()).isEqualTo(LAST);
            }
            assertThat(first.checkpoint("store-a")).isEqualTo(LAST);
            assertThat(second.checkpoint("store-b")).isEqualTo(LAST);
            assertThat(first.checkpoint("store-b")).as("checkpoints do not leak across schemas").isZero();
        }
        for (Schema schema : schemas) {
            assertThat(eventCount(schema)).isEqualTo(LAST);
            assertThat(queryLong("select count(distinct event_id) from " + schema.table("events"))).isEqualTo(LAST);
        }
    }

    @Test
    void givenOneConsumerRedeliveringFromTwoThreads_thenEveryEventStoredOnce() throws Exception {
        try (EventStore store = EventStore.open(TestDatabase.URL, schemas.get(0))) {
            store.append("store", events(1, 1));
            // Both threads send the same batches in order; the checkpoint row lock makes whichever
            // comes second skip what the first stored, instead of failing or duplicating.
            List<Future<Integer>> runs = List.of(threads.submit(appendAll(store, "store")),
                    threads.submit(appendAll(store, "store")));

            int stored = 0;
            for (Future<Integer> run : runs) {
                stored += run.get();
            }
            assertThat(stored).isEqualTo(LAST - 1);
            assertThat(store.checkpoint("store")).isEqualTo(LAST);
        }
        assertThat(eventCount(schemas.get(0))).isEqualTo(LAST);
    }

    private static Callable<Integer> appendAll(EventStore store, String consumer) {
        return () -> {
            int stored = 0;
            for (int batch = 0; batch < BATCHES; batch++) {
                long from = (long) batch * BATCH_EVENTS + 1;
                stored += store.append(consumer, events(from, from + BATCH_EVENTS - 1));
            }
            return stored;
        };
    }
}
