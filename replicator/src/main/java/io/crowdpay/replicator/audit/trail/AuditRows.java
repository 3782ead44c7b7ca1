package io.crowdpay.replicator.audit.trail;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.ChainLink;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.StoredRoot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The column lists and row readers shared by every audit query, kept together because each reader
 * depends on the order of its column list. Events are read back exactly as they were written: the
 * payload through {@link AuditJson#canonical} (jsonb keeps the values, not the bytes) and the time
 * through {@code timestamptz}, which holds the written milliseconds exactly.
 */
final class AuditRows {

    /** Nine columns, in {@link EventRecord}'s order; the caller names the table's alias {@code e}. */
    static final String EVENT_COLUMNS = "e.global_sequence, e.event_id, e.stream_id, e.stream_version, e.type,"
            + " e.payload::text, e.journal_index, e.event_time, e.correlation_id";

    static final String ROOT_COLUMNS = "batch_number, first_sequence, last_sequence, leaf_count,"
            + " encode(merkle_root, 'hex'), encode(chain_head, 'hex'), key_id, signature, signed_at";

    static final String LINK_COLUMNS = "global_sequence, encode(leaf_hash, 'hex'), encode(chain_head, 'hex')";

    private AuditRows() {
    }

    /** The event in columns {@code from .. from + 8} of the row. */
    static EventRecord event(ResultSet row, int from) throws SQLException {
        return new EventRecord(row.getLong(from), row.getString(from + 1), row.getString(from + 2), row.getLong(from + 3),
                row.getString(from + 4), AuditJson.canonical(row.getString(from + 5)), row.getLong(from + 6),
                millis(row.getObject(from + 7, OffsetDateTime.class)), row.getString(from + 8));
    }

    static StoredRoot root(ResultSet row) throws SQLException {
        SignedRoot root = new SignedRoot(row.getLong(1), row.getLong(2), row.getLong(3), row.getInt(4), row.getString(5),
                row.getString(6), row.getString(7), row.getString(8));
        return new StoredRoot(root, millis(row.getObject(9, OffsetDateTime.class)));
    }

    static ChainLink link(ResultSet row) throws SQLException {
        return new ChainLink(row.getLong(1), row.getString(2), row.getString(3));
    }

    private static long millis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }
}
