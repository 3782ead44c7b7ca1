package io.crowdpay.replicator.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.crowdpay.replicator.EventRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL event store: appends batches of events with the consumer's checkpoint in the same
 * transaction (ARCHITECTURE rule 3), so after any crash the checkpoint says exactly which events are
 * stored. Safe for concurrent use; each call borrows one pooled connection.
 */
public final class EventStore implements AutoCloseable {

    /** Most events in one {@link #append} call: bounds the transaction and the arrays it travels in. */
    public static final int BATCH_EVENTS_MAX = 10_000;

    /** Pool bound: one consumer appends serially, so a few connections cover it and its readers. */
    public static final int POOL_CONNECTIONS_MAX = 4;

    /** Same bound as the CHECK on {@code consumer_checkpoints.consumer}. */
    static final int CONSUMER_NAME_CHARS_MAX = 200;

    private static final long CONNECTION_WAIT_MILLIS_MAX = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);

    private final HikariDataSource pool;
    private final Schema schema;
    private final String insertEvents;

    private EventStore(HikariDataSource pool, Schema schema) {
        this.pool = pool;
        this.schema = schema;
        this.insertEvents = EventColumns.insertInto(schema);
    }

    /**
     * Opens a pool on a migrated schema.
     *
     * @throws IllegalStateException when the schema has no event store yet (run {@link Migrations})
     */
    public static EventStore open(DatabaseUrl url, Schema schema) throws SQLException {
        HikariDataSource pool = Pools.open(
                Pools.asynchronousCommit(Pools.config(url, schema, "event-store", POOL_CONNECTIONS_MAX, CONNECTION_WAIT_MILLIS_MAX)), schema,
                "event store; run the migrate command (Migrations) first", "events", "consumer_checkpoints");
        LOG.info("event store open on {} schema {} ({} connections at most)", url.jdbcUrl(), schema.name(),
                POOL_CONNECTIONS_MAX);
        return new EventStore(pool, schema);
    }

    /** The last sequence the consumer stored; 0 when it has stored nothing yet. */
    public long checkpoint(String consumer) throws SQLException {
        requireConsumerName(consumer);
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select last_sequence from " + schema.table("consumer_checkpoints") + " where consumer = ?")) {
            return readCheckpoint(select, consumer);
        }
    }

    /**
     * Stores the events of the batch the consumer has not stored yet, and moves its checkpoint to
     * the batch's last sequence, in one transaction: both happen or neither does.
     *
     * @param batch consecutive sequences, at most {@link #BATCH_EVENTS_MAX}; it may overlap what is
     *              stored (a redelivery) but must not start past checkpoint + 1
     * @return how many events were new and stored now (0 for a full redelivery or an empty batch)
     * @throws IllegalArgumentException when the batch is too large or not contiguous
     * @throws IllegalStateException    when the batch would leave a gap after the checkpoint
     */
    public int append(String consumer, List<EventRecord> batch) throws SQLException {
        requireConsumerName(consumer);
        ExactlyOnce.requireWellFormed(batch, BATCH_EVENTS_MAX);
        if (batch.isEmpty()) {
            return 0;
        }
        return Transactions.run(pool, connection -> appendInTransaction(connection, consumer, batch));
    }

    private int appendInTransaction(Connection connection, String consumer, List<EventRecord> batch)
            throws SQLException {
        long checkpoint = lockCheckpoint(connection, consumer);
        List<EventRecord> unstored = ExactlyOnce.unstored(consumer, checkpoint, batch);
        if (unstored.size() < batch.size()) {
            LOG.info("consumer {}: {} of {} redelivered events were already stored (checkpoint {})", consumer,
                    batch.size() - unstored.size(), batch.size(), checkpoint);
        }
        if (unstored.isEmpty()) {
            return 0;
        }
        insert(connection, unstored);
        saveCheckpoint(connection, consumer, checkpoint, unstored.getLast().sequence());
        return unstored.size();
    }

    /**
     * Reads the checkpoint and locks its row until commit, so two writers for one consumer queue up
     * instead of both deciding from the same checkpoint. A consumer's very first batch has no row to
     * lock; there the primary key of {@code events} makes the second writer fail, never duplicate.
     */
    private long lockCheckpoint(Connection connection, String consumer) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select last_sequence from "
                + schema.table("consumer_checkpoints") + " where consumer = ? for update")) {
            return readCheckpoint(select, consumer);
        }
    }

    private static long readCheckpoint(PreparedStatement select, String consumer) throws SQLException {
        select.setString(1, consumer);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private void insert(Connection connection, List<EventRecord> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(insertEvents)) {
            EventColumns.bind(connection, insert, events);
            int rows = insert.executeUpdate();
            if (rows != events.size()) {
                throw new IllegalStateException("INSERT stored " + rows + " rows for " + events.size() + " events");
            }
        }
    }

    /** The WHERE keeps a checkpoint from ever moving back; the row lock makes a miss a bug. */
    private void saveCheckpoint(Connection connection, String consumer, long from, long to) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into "
                + schema.table("consumer_checkpoints") + " as saved (consumer, last_sequence, updated_at)"
                + " values (?, ?, now()) on conflict (consumer) do update"
                + " set last_sequence = excluded.last_sequence, updated_at = excluded.updated_at"
                + " where saved.last_sequence < excluded.last_sequence")) {
            upsert.setString(1, consumer);
            upsert.setLong(2, to);
            if (upsert.executeUpdate() != 1) {
                throw new IllegalStateException(
                        "checkpoint of consumer " + consumer + " moved past " + from + " while it was locked");
            }
        }
    }

    private static void requireConsumerName(String consumer) {
        Objects.requireNonNull(consumer, "consumer");
        if (consumer.isEmpty() || consumer.length() > CONSUMER_NAME_CHARS_MAX) {
            throw new IllegalArgumentException("consumer name must have 1.." + CONSUMER_NAME_CHARS_MAX + " characters");
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
