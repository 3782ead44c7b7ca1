package io.crowdpay.replicator.audit.trail;

import com.zaxxer.hikari.HikariDataSource;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditQueries;
import io.crowdpay.replicator.audit.EventHash;
import io.crowdpay.replicator.audit.MerkleTree;
import io.crowdpay.replicator.audit.StoredRoot;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AuditQueries} on the PostgreSQL event store and audit tables. Every answer is read in one
 * read-only repeatable-read transaction, so its events, links and roots are one consistent snapshot
 * even while the audit consumer seals. Proofs are computed from the stored leaves of each batch
 * (at most 10,000, a few milliseconds of hashing), not stored: they are as many as the events.
 */
public final class PostgresAuditQueries implements AuditQueries, AutoCloseable {

    /** Concurrent proof requests served at once; the gateway's executor never asks for more. */
    public static final int POOL_CONNECTIONS_MAX = 4;

    private static final HexFormat HEX = HexFormat.of();

    private final HikariDataSource pool;
    private final String selectEvents;
    private final String selectRoot;
    private final String selectLeaves;

    private PostgresAuditQueries(HikariDataSource pool, Schema schema) {
        this.pool = pool;
        this.selectEvents = "select " + AuditRows.EVENT_COLUMNS + ", encode(l.leaf_hash, 'hex'), encode(l.chain_head, 'hex'),"
                + " l.batch_number from " + AuditDatabase.table(schema, "events") + " e left join "
                + AuditDatabase.table(schema, "audit_links") + " l on l.global_sequence = e.global_sequence"
                + " where e.stream_id = ? order by e.global_sequence limit ?";
        this.selectRoot = "select " + AuditRows.ROOT_COLUMNS + " from " + AuditDatabase.table(schema, "audit_roots")
                + " where batch_number = ?";
        this.selectLeaves = "select leaf_hash from " + AuditDatabase.table(schema, "audit_links")
                + " where global_sequence between ? and ? order by global_sequence";
    }

    /**
     * @throws IllegalStateException when the schema has no audit tables yet (run the migrations)
     */
    public static PostgresAuditQueries open(DatabaseUrl url, Schema schema) throws SQLException {
        return new PostgresAuditQueries(AuditDatabase.pool(url, schema, "audit-queries", POOL_CONNECTIONS_MAX, true), schema);
    }

    @Override
    public TransactionAudit transaction(String transactionId) throws Unavailable {
        try (Connection connection = pool.getConnection()) {
            try {
                return read(connection, transactionId);
            } finally {
                connection.rollback(); // read-only: ends the snapshot, nothing to keep
            }
        } catch (SQLException e) {
            throw new Unavailable("the audit trail could not be read: " + e.getMessage(), e);
        }
    }

    /** A stored event row: the event, and its link and batch when sealed (null otherwise). */
    private record Row(EventRecord event, String leafHex, String headHex, Long batchNumber) {
    }

    private TransactionAudit read(Connection connection, String transactionId) throws SQLException {
        List<Row> rows = events(connection, transactionId);
        boolean truncated = rows.size() > EVENTS_MAX;
        if (truncated) {
            rows = rows.subList(0, EVENTS_MAX);
        }
        Map<Long, Batch> batches = new LinkedHashMap<>();
        List<AuditedEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.batchNumber() == null) {
                events.add(new AuditedEvent(row.event(), HEX.formatHex(EventHash.leaf(row.event())), null, null));
                continue;
            }
            Batch batch = batches.get(row.batchNumber());
            if (batch == null) {
                batch = batch(connection, row.batchNumber());
                batches.put(row.batchNumber(), batch);
            }
            int index = Math.toIntExact(row.event().sequence() - batch.root().root().firstSequence());
            List<String> proof = batch.tree().proof(index).stream().map(HEX::formatHex).toList();
            events.add(new AuditedEvent(row.event(), row.leafHex(), row.headHex(),
                    new Inclusion(row.batchNumber(), index, batch.tree().size(), proof)));
        }
        return new TransactionAudit(transactionId, events, batches.values().stream().map(Batch::root).toList(), truncated);
    }

    /** One more than {@link #EVENTS_MAX}, to tell a full answer from a truncated one. */
    private List<Row> events(Connection connection, String transactionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(selectEvents)) {
            select.setString(1, transactionId);
            select.setInt(2, EVENTS_MAX + 1);
            List<Row> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    long batch = row.getLong(12);
                    Long sealedIn = row.wasNull() ? null : batch;
                    rows.add(new Row(AuditRows.event(row, 1), row.getString(10), row.getString(11), sealedIn));
                }
            }
            return rows;
        }
    }

    private record Batch(StoredRoot root, MerkleTree tree) {
    }

    /** A batch's signed root and its tree, rebuilt from the stored leaves for the proofs. */
    private Batch batch(Connection connection, long batchNumber) throws SQLException {
        StoredRoot root;
        try (PreparedStatement select = connection.prepareStatement(selectRoot)) {
            select.setLong(1, batchNumber);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("audit link names batch " + batchNumber + ", which has no root");
                }
                root = AuditRows.root(row);
            }
        }
        List<byte[]> leaves = new ArrayList<>(root.root().leafCount());
        try (PreparedStatement select = connection.prepareStatement(selectLeaves)) {
            select.setLong(1, root.root().firstSequence());
            select.setLong(2, root.root().lastSequence());
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    leaves.add(row.getBytes(1));
                }
            }
        }
        return new Batch(root, MerkleTree.of(leaves));
    }

    @Override
    public void close() {
        pool.close();
    }
}
