package io.crowdpay.gateway.cli;

import io.crowdpay.engine.Engine;
import io.crowdpay.gateway.Progress;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.Recovery;
import io.crowdpay.journal.SnapshotStore;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.EventRecords;
import io.crowdpay.replicator.consumer.EventConsumer;
import io.crowdpay.replicator.consumer.EventStoreConsumer;
import io.crowdpay.replicator.log.EventLog;
import io.crowdpay.replicator.log.EventLogWriter;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.EventStore;
import io.crowdpay.replicator.postgres.Migrations;
import io.crowdpay.replicator.postgres.Schema;
import io.crowdpay.replicator.projection.PostgresProjection;
import io.crowdpay.replicator.projection.ReadModelMigrations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds what is derived from the journal (ADR 0005, point 6): the PostgreSQL event store and read
 * model from zero, or the local event log. The journal is the system of record, so a rebuild is a
 * replay: a fresh engine applies every entry and its events go where the live consumers would have
 * put them, numbered identically (event ids come from the engine's sequence), batched as the live
 * consumers batch. The audit trail is not rebuilt here: its tables live in the event store's schema,
 * start empty after the rebuild, and the service's audit consumer seals them again from sequence 1.
 */
final class Rebuild {

    private static final int BATCH = 10_000;

    private Rebuild() {
    }

    /** What a database rebuild did. */
    record Result(long entries, long events, double seconds) {
    }

    /**
     * Drops both schemas, migrates them, and fills them from the journal. Read-only on the journal,
     * so it may run beside a live service (into other schemas: the live consumers own theirs).
     */
    static Result database(Path journalDir, DatabaseUrl url, Schema schema, Schema readSchema, PrintStream err)
            throws SQLException {
        dropSchema(url, schema);
        dropSchema(url, readSchema);
        Migrations.migrate(url, schema);
        ReadModelMigrations.migrate(url, readSchema);
        long started = System.nanoTime();
        long[] events = {0};
        long entries;
        try (EventConsumer store = new EventStoreConsumer(EventStore.open(url, schema));
             EventConsumer projection = PostgresProjection.open(url, readSchema);
             CommandJournal journal = CommandJournal.openReadOnly(journalDir)) {
            store.checkpoint();
            projection.checkpoint();
            Engine engine = new Engine();
            List<EventRecord> batch = new ArrayList<>(BATCH + 64);
            Progress progress = new Progress("rebuilding");
            entries = journal.readAfter(Long.MIN_VALUE, entry -> {
                engine.apply(entry.command(), entry.timestampMillis());
                if (!engine.events().isEmpty()) {
                    batch.addAll(EventRecords.of(List.copyOf(engine.events()), engine.firstEventSequence(),
                            i -> engine.streamVersion((int) i), entry.index(), engine.correlationId()));
                }
                if (batch.size() >= BATCH) {
                    events[0] += deliver(batch, store, projection);
                }
                progress.accept(entry.index());
            });
            events[0] += deliver(batch, store, projection);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("rebuild failed: " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf("rebuilt %,d events from %,d journal entries in %.1f s%n", events[0], entries, seconds);
        return new Result(entries, events[0], seconds);
    }

    private static int deliver(List<EventRecord> batch, EventConsumer... consumers) {
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            for (EventConsumer consumer : consumers) {
                consumer.deliver(batch);
            }
        } catch (Exception e) {
            throw new IllegalStateException("storing events " + batch.getFirst().sequence() + ".." + batch.getLast().sequence()
                    + " failed: " + e.getMessage(), e);
        }
        int n = batch.size();
        batch.clear();
        return n;
    }

    private static void dropSchema(DatabaseUrl url, Schema schema) throws SQLException {
        try (var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             var statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema.name() + " cascade");
        }
    }

    /**
     * Derives the event log again from the journal: the old one is set aside (renamed, never
     * deleted), and recovery writes every event anew. Only while the service is stopped: the log
     * belongs to the running service's writer.
     */
    static long eventLog(Path dataDir, PrintStream err) throws IOException {
        Path logDir = dataDir.resolve("events");
        if (Files.exists(logDir)) {
            Path aside = dataDir.resolve("events.replaced-" + System.currentTimeMillis());
            Files.move(logDir, aside);
            err.println("set the old event log aside as " + aside);
        }
        try (EventLog log = EventLog.open(logDir);
             CommandJournal journal = CommandJournal.open(dataDir.resolve("journal"))) {
            Recovery.recover(journal, new SnapshotStore(dataDir.resolve("snapshots")), new Progress("deriving"),
                    new EventLogWriter(log));
            err.printf("event log rebuilt: %,d events%n", log.head());
            return log.head();
        }
    }
}
