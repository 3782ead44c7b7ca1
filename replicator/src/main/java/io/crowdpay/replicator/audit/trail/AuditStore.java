package io.crowdpay.replicator.audit.trail;

import com.zaxxer.hikari.HikariDataSource;
import io.crowdpay.replicator.audit.ChainLink;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.StoredRoot;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import io.crowdpay.replicator.postgres.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in PostgreSQL ({@code audit_roots}, {@code audit_links}, laid out by the event
 * store's migrations). A sealed batch is stored whole or not at all: its root and its links in one
 * transaction. So the last root is the audit consumer's checkpoint (everything through its last
 * sequence is sealed and linked), and no checkpoint row is needed that could disagree with it.
 * Safe for concurrent use; each call borrows one pooled connection.
 */
public final class AuditStore implements AutoCloseable {

    /** One consumer seals serially and its publisher reads roots: two connections cover both. */
    public static final int POOL_CONNECTIONS_MAX = 2;

    private static final Logger LOG = LoggerFactory.getLogger(AuditStore.class);

    private final HikariDataSource pool;
    private final String roots;
    private final String links;

    private AuditStore(HikariDataSource pool, Schema schema) {
        this.pool = pool;
        this.roots = AuditDatabase.table(schema, "audit_roots");
        this.links = AuditDatabase.table(schema, "audit_links");
    }

    /**
     * Opens a pool on a migrated schema.
     *
     * @throws IllegalStateException when the schema has no audit tables yet (run the migrations)
     */
    public static AuditStore open(DatabaseUrl url, Schema schema) throws SQLException {
        AuditStore store = new AuditStore(AuditDatabase.pool(url, schema, "audit-store", POOL_CONNECTIONS_MAX, false), schema);
        LOG.info("audit store open on {} schema {}", url.jdbcUrl(), schema.name());
        return store;
    }

    /** The last sealed root: the audit's checkpoint is its last sequence. Empty before the first seal. */
    public Optional<StoredRoot> lastRoot() throws SQLException {
        return one("select " + AuditRows.ROOT_COLUMNS + " from " + roots + " order by batch_number desc limit 1");
    }

    public Optional<StoredRoot> root(long batchNumber) throws SQLException {
        return one("select " + AuditRows.ROOT_COLUMNS + " from " + roots + " where batch_number = ?", batchNumber);
    }

    /** The roots after {@code batchNumber}, in order, at most {@code limit}. */
    public List<StoredRoot> rootsAfter(long batchNumber, int limit) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("select " + AuditRows.ROOT_COLUMNS + " from " + roots
                     + " where batch_number > ? order by batch_number limit ?")) {
            select.setLong(1, batchNumber);
            select.setInt(2, limit);
            List<StoredRoot> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(AuditRows.root(row));
                }
            }
            return found;
        }
    }

    /**
     * Stores a sealed batch, root and links, in one transaction.
     *
     * @param links one per event of the batch, in sequence order, the last one ending at the root's head
     * @throws IllegalArgumentException when the links do not fit the root (a bug in the caller)
     * @throws IllegalStateException    when the root does not continue the stored audit: another
     *                                  auditor writes to this schema, or this one lost track
     */
    public void seal(StoredRoot stored, List<ChainLink> links) throws SQLException {
        requireFit(stored.root(), links);
        Transactions.run(pool, connection -> {
            requireContinues(connection, stored.root());
            insertRoot(connection, stored);
            insertLinks(connection, stored.batchNumber(), links);
            return null;
        });
    }

    private static void requireFit(SignedRoot root, List<ChainLink> links) {
        if (links.size() != root.leafCount()) {
            throw new IllegalArgumentException("batch " + root.batchNumber() + " has " + root.leafCount()
                    + " leaves but " + links.size() + " links");
        }
        for (int i = 0; i < links.size(); i++) {
            if (links.get(i).sequence() != root.firstSequence() + i) {
                throw new IllegalArgumentException("link " + i + " of batch " + root.batchNumber() + " is for event "
                        + links.get(i).sequence() + ", expected " + (root.firstSequence() + i));
            }
        }
        if (!links.getLast().headHex().equals(root.chainHeadHex())) {
            throw new IllegalArgumentException("the last link of batch " + root.batchNumber() + " does not end at its signed head");
        }
    }

    /**
     * The root must be the next batch, starting right after the last sealed event. The table lock
     * (which only sealers take; readers are not blocked) makes the check and the insert one step, so
     * two auditors on one schema cannot both seal from the same checkpoint.
     */
    private void requireContinues(Connection connection, SignedRoot root) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("lock table " + roots + " in share row exclusive mode");
             PreparedStatement last = connection.prepareStatement(
                     "select coalesce(max(batch_number), 0), coalesce(max(last_sequence), 0) from " + roots)) {
            lock.execute();
            try (ResultSet row = last.executeQuery()) {
                row.next();
                long batch = row.getLong(1);
                long sequence = row.getLong(2);
                if (root.batchNumber() != batch + 1 || root.firstSequence() != sequence + 1) {
                    throw new IllegalStateException("the stored audit ends at batch " + batch + " (event " + sequence
                            + ") but batch " + root.batchNumber() + " starts at event " + root.firstSequence()
                            + ": another auditor writes to this schema, or this one lost track; resume from the store");
                }
            }
        }
    }

    private void insertRoot(Connection connection, StoredRoot stored) throws SQLException {
        SignedRoot root = stored.root();
        try (PreparedStatement insert = connection.prepareStatement("insert into " + roots + " (batch_number,"
                + " first_sequence, last_sequence, leaf_count, merkle_root, chain_head, key_id, signature, signed_at)"
                + " values (?, ?, ?, ?, decode(?, 'hex'), decode(?, 'hex'), ?, ?,"
                + " timestamptz 'epoch' + ? * interval '1 millisecond')")) {
            insert.setLong(1, root.batchNumber());
            insert.setLong(2, root.firstSequence());
            insert.setLong(3, root.lastSequence());
            insert.setInt(4, root.leafCount());
            insert.setString(5, root.merkleRootHex());
            insert.setString(6, root.chainHeadHex());
            insert.setString(7, root.keyId());
            insert.setString(8, root.signature());
            insert.setLong(9, stored.signedAtMillis());
            insert.executeUpdate();
        }
    }

    /** One statement for the whole batch: each column travels as one array, as the event store does. */
    private void insertLinks(Connection connection, long batchNumber, List<ChainLink> batch) throws SQLException {
        int count = batch.size();
        Long[] sequences = new Long[count];
        String[] leaves = new String[count];
        String[] heads = new String[count];
        for (int i = 0; i < count; i++) {
            sequences[i] = batch.get(i).sequence();
            leaves[i] = batch.get(i).leafHex();
            heads[i] = batch.get(i).headHex();
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into " + links
                + " (global_sequence, batch_number, leaf_hash, chain_head)"
                + " select sequence, ?, decode(leaf, 'hex'), decode(head, 'hex')"
                + " from unnest(?::bigint[], ?::text[], ?::text[]) as batch(sequence, leaf, head)")) {
            insert.setLong(1, batchNumber);
            insert.setArray(2, connection.createArrayOf("bigint", sequences));
            insert.setArray(3, connection.createArrayOf("text", leaves));
            insert.setArray(4, connection.createArrayOf("text", heads));
            int rows = insert.executeUpdate();
            if (rows != count) {
                throw new IllegalStateException("INSERT stored " + rows + " links for " + count + " events");
            }
        }
    }

    private Optional<StoredRoot> one(String sql, long... parameters) throws SQLException {
        try (Connection connection = pool.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setLong(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(AuditRows.root(row)) : Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
