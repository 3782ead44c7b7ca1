package io.crowdpay.replicator.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.postgres.Schema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read model under concurrent load, on the real PostgreSQL: one consumer applies batches while
 * readers list without pause. Every page a reader gets must be the page of some batch boundary (a
 * state the in-memory projection passed through), never half a batch; at the end both projections
 * give equal answers everywhere.
 */
class PostgresProjectionConcurrencyTest {

    private static final int READERS = 4;
    private static final int PAGE = 50;
    private static final List<TransactionQueries.Filter> WATCHED = List.of(TransactionQueries.Filter.ALL,
            new TransactionQueries.Filter(EngineRun.TRIP, null, null, null),
            new TransactionQueries.Filter(null, EngineRun.BOB_WALLET, null, null));

    private Schema schema;
    private PostgresProjection projection;
    private final ExecutorService threads = Executors.newFixedThreadPool(READERS + 1);

    @BeforeEach
    void openOnFreshSchema() throws SQLException {
        schema = ReadModelDatabase.migratedSchema();
        projection = PostgresProjection.open(ReadModelDatabase.URL, schema);
    }

    @AfterEach
    void closeAndDrop() throws Exception {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        projection.close();
        ReadModelDatabase.drop(schema);
    }

    @Test
    void givenReadersListingWhileBatchesApply_thenEveryPageIsOfAWholeBatchAndTheEndStateIsTheMemoryOne()
            throws Exception {
        List<EventRecord> records = EngineRun.randomTraffic(21, 1_500).records();
        List<List<EventRecord>> batches = batches(records, new Random(21));
        List<Set<String>> boundaries = boundaryPages(batches);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        Map<String, Boolean> seen = new ConcurrentHashMap<>();

        List<Future<List<String>>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(threads.submit(() -> read(boundaries, writing, reads, seen)));
        }
        Future<Long> writer = threads.submit(() -> {
            try {
                long checkpoint = 0;
                for (List<EventRecord> batch : batches) {
                    long before = reads.get();
                    checkpoint = projection.deliver(batch);
                    // Keep the readers in the race: no next batch until they have listed again.
                    while (reads.get() < before + READERS) {
                        Thread.onSpinWait();
                    }
                }
                return checkpoint;
            } finally {
                writing.set(false);
            }
        });

        assertThat(writer.get(120, TimeUnit.SECONDS)).isEqualTo(records.size());
        for (Future<List<String>> reader : readers) {
            assertThat(reader.get(60, TimeUnit.SECONDS)).as("pages of no batch boundary").isEmpty();
        }
        assertThat(reads.get()).isGreaterThanOrEqualTo((long) batches.size() * READERS);
        assertThat(seen.size()).as("readers saw the read model move").isGreaterThan(1);
        MemoryProjection memory = new MemoryProjection(100_000);
        memory.deliver(records);
        for (TransactionQueries.Filter filter : Listing.filters()) {
            assertThat(Listing.walk(projection, filter, 200)).as("%s", filter).isEqualTo(Listing.walk(memory, filter, 200));
        }
    }

    /** Lists each watched filter until the writer is done; answers the pages that matched no boundary. */
    private List<String> read(List<Set<String>> boundaries, AtomicBoolean writing, AtomicLong reads,
                              Map<String, Boolean> seen) throws ReadModelUnavailable {
        List<String> torn = new ArrayList<>();
        while (writing.get()) {
            for (int f = 0; f < WATCHED.size(); f++) {
                String page = signature(projection.list(WATCHED.get(f), PAGE, null));
                if (!boundaries.get(f).contains(page)) {
                    torn.add(WATCHED.get(f) + ": " + page);
                }
                seen.put(f + page, true);
            }
            reads.incrementAndGet();
        }
        return torn;
    }

    /** Per watched filter, its first page after each batch (and before any), as the memory projection lists it. */
    private static List<Set<String>> boundaryPages(List<List<EventRecord>> batches) throws ReadModelUnavailable {
        MemoryProjection memory = new MemoryProjection(100_000);
        List<Set<String>> pages = new ArrayList<>();
        for (TransactionQueries.Filter filter : WATCHED) {
            pages.add(new HashSet<>(List.of(signature(memory.list(filter, PAGE, null)))));
        }
        for (List<EventRecord> batch : batches) {
            memory.deliver(batch);
            for (int f = 0; f < WATCHED.size(); f++) {
                pages.get(f).add(signature(memory.list(WATCHED.get(f), PAGE, null)));
            }
        }
        return pages;
    }

    /** What a page shows that a torn batch would get wrong: which transactions, in which state. */
    private static String signature(TransactionQueries.Page page) {
        return page.items().stream().map(r -> r.transaction().id().value() + ":" + r.transaction().status() + "@"
                + r.transaction().updatedAtMillis()).collect(Collectors.joining(",")) + "|" + page.next();
    }

    private static List<List<EventRecord>> batches(List<EventRecord> records, Random random) {
        List<List<EventRecord>> batches = new ArrayList<>();
        for (int at = 0; at < records.size(); ) {
            int end = Math.min(records.size(), at + 20 + random.nextInt(100));
            batches.add(records.subList(at, end));
            at = end;
        }
        return batches;
    }
}
