package io.crowdpay.replicator.audit.trail;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditResult;
import io.crowdpay.replicator.audit.AuditVerifier;
import io.crowdpay.replicator.audit.ChainLink;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.StoredRoot;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongConsumer;

/**
 * The whole stored audit, as {@code audit verify} reads it: the signed roots, the chain links and the
 * event store's events, each in sequence order, through one connection in one read-only
 * repeatable-read transaction. So the three agree with each other while the service keeps writing,
 * and events and links are streamed through server-side cursors ({@value #FETCH_ROWS} rows at a
 * time): memory stays one batch of leaves (in the verifier) however many millions of events there are.
 * The roots are held in memory, about 300 bytes each, one per 10,000 events or per minute of traffic.
 */
public final class StoredAudit implements AutoCloseable {

    /** Rows per round trip of a cursor: big enough to stream fast, small enough to bound memory. */
    public static final int FETCH_ROWS = 2_000;

    /** Seconds to wait for the database to accept the connection before giving up. */
    static final int CONNECT_SECONDS_MAX = 10;

    private final Connection connection;
    private final Schema schema;

    private StoredAudit(Connection connection, Schema schema) {
        this.connection = connection;
        this.schema = schema;
    }

    /**
     * Connects and starts the snapshot.
     *
     * @throws SQLException          when the database cannot be reached
     * @throws IllegalStateException when the schema has no events or audit tables (not migrated)
     */
    public static StoredAudit open(DatabaseUrl url, Schema schema) throws SQLException {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("ApplicationName", "crowdpay-audit-verify");
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_SECONDS_MAX));
        Connection connection = DriverManager.getConnection(url.jdbcUrl(), properties);
        try {
            AuditDatabase.requireMigrated(connection, schema);
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new StoredAudit(connection, schema);
    }

    /**
     * Recomputes everything (see {@link AuditVerifier}) and names the first tampered event, if any.
     *
     * @param progress told the number of events read so far, after each event
     */
    public AuditResult verify(AuditVerifier verifier, LongConsumer progress) throws SQLException {
        List<SignedRoot> roots = roots().stream().map(StoredRoot::root).toList();
        long[] read = {0};
        try (Cursor<EventRecord> events = new Cursor<>("select " + AuditRows.EVENT_COLUMNS + " from " + table("events")
                + " e order by e.global_sequence", row -> {
                    progress.accept(++read[0]);
                    return AuditRows.event(row, 1);
                });
             Cursor<ChainLink> links = new Cursor<>("select " + AuditRows.LINK_COLUMNS + " from " + table("audit_links")
                     + " order by global_sequence", AuditRows::link)) {
            return verifier.verify(events, links, roots);
        } catch (ReadFailed e) {
            throw e.getCause();
        }
    }

    /** Every stored root, by batch number. */
    public List<StoredRoot> roots() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select " + AuditRows.ROOT_COLUMNS + " from "
                + table("audit_roots") + " order by batch_number");
             ResultSet row = select.executeQuery()) {
            List<StoredRoot> roots = new ArrayList<>();
            while (row.next()) {
                roots.add(AuditRows.root(row));
            }
            return roots;
        }
    }

    /** The type of the stored event at {@code sequence}, to name a tampered event; empty when there is none. */
    public Optional<String> eventType(long sequence) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select type from " + table("events")
                + " where global_sequence = ?")) {
            select.setLong(1, sequence);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private String table(String name) {
        return AuditDatabase.table(schema, name);
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** A failure while the verifier iterates, carried out of {@link Iterator#next()} and unwrapped in {@link #verify}. */
    private static final class ReadFailed extends RuntimeException {
        ReadFailed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /**
     * A single-pass iterable over a server-side cursor: with auto-commit off and a fetch size, the
     * driver fetches {@value #FETCH_ROWS} rows at a time, and two cursors can be open at once on the
     * one connection.
     */
    private final class Cursor<T> implements Iterable<T>, AutoCloseable {
        private final PreparedStatement statement;
        private final RowReader<T> reader;
        private ResultSet rows;
        private boolean iterated;

        Cursor(String sql, RowReader<T> reader) throws SQLException {
            this.statement = connection.prepareStatement(sql);
            this.reader = reader;
            statement.setFetchSize(FETCH_ROWS);
        }

        @Override
        public Iterator<T> iterator() {
            if (iterated) {
                throw new IllegalStateException("a cursor is read once");
            }
            iterated = true;
            return new Iterator<>() {
                private Boolean ready;

                @Override
                public boolean hasNext() {
                    if (ready == null) {
                        try {
                            if (rows == null) {
                                rows = statement.executeQuery();
                            }
                            ready = rows.next();
                        } catch (SQLException e) {
                            throw new ReadFailed(e);
                        }
                    }
                    return ready;
                }

                @Override
                public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    ready = null;
                    try {
                        return reader.read(rows);
                    } catch (SQLException e) {
                        throw new ReadFailed(e);
                    }
                }
            };
        }

        @Override
        public void close() throws SQLException {
            statement.close();
        }
    }

    /** Ends the read-only snapshot and disconnects. */
    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
