package io.crowdpay.replicator.projection;

import com.zaxxer.hikari.HikariDataSource;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.consumer.EventConsumer;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Pools;
import io.crowdpay.replicator.postgres.Schema;
import io.crowdpay.replicator.postgres.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read model in PostgreSQL ({@code read_model.transactions}, {@code wallet_balances},
 * {@code pod_members}), kept by the consumer named {@value #NAME}. Each batch is folded by
 * {@link ReadModelChanges} and written with one array-bound statement per table, together with the
 * checkpoint, in one transaction: after any crash the checkpoint says exactly which events the rows
 * include. Readers use other pooled connections and see committed batches only.
 *
 * <p>Lay the schema out first with {@link ReadModelMigrations}.
 */
public final class PostgresProjection implements EventConsumer, TransactionQueries {

    public static final String NAME = "projections";

    /** Most events per batch: bounds the transaction, its arrays and how long its row locks last. */
    public static final int BATCH_EVENTS_MAX = 10_000;

    /** One writer and the gateway's list threads ({@code TransactionList.QUERY_THREADS_MAX}), with room. */
    public static final int POOL_CONNECTIONS_MAX = 6;

    /** A read that takes longer fails with T003 instead of holding a gateway thread: the indexes make a page milliseconds. */
    public static final int QUERY_SECONDS_MAX = 5;

    private static final List<ArrayColumns.Column<Map.Entry<TransactionId, StatusChange>>> STATUS_COLUMNS = List.of(
            ArrayColumns.Column.text(e -> e.getKey().value()),
            ArrayColumns.Column.text(e -> e.getValue().status().name()),
            ArrayColumns.Column.text(e -> e.getValue().failure() == null ? null : e.getValue().failure().code()),
            ArrayColumns.Column.text(e -> e.getValue().failure() == null ? null : e.getValue().failure().reason()),
            ArrayColumns.Column.bigint(e -> e.getValue().atMillis()));
    private static final List<ArrayColumns.Column<WalletBalance>> BALANCE_COLUMNS = List.of(
            ArrayColumns.Column.text(b -> b.wallet().value()), ArrayColumns.Column.text(b -> b.currency().code()),
            ArrayColumns.Column.bigint(WalletBalance::available), ArrayColumns.Column.bigint(WalletBalance::held));
    private static final List<ArrayColumns.Column<Map.Entry<PodId, Member>>> MEMBER_COLUMNS = List.of(
            ArrayColumns.Column.text(e -> e.getKey().value()), ArrayColumns.Column.text(e -> e.getValue().userId().value()),
            ArrayColumns.Column.text(e -> e.getValue().role().name()));

    private static final long CONNECTION_WAIT_MILLIS_MAX = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresProjection.class);

    private final HikariDataSource pool;
    private final Schema schema;
    private final String upsertTransactions;

    private PostgresProjection(HikariDataSource pool, Schema schema) {
        this.pool = pool;
        this.schema = schema;
        this.upsertTransactions = TransactionColumns.upsert(table("transactions"));
    }

    /**
     * Opens a pool on a migrated schema.
     *
     * @throws IllegalStateException when the schema has no read model yet (run {@link ReadModelMigrations})
     */
    public static PostgresProjection open(DatabaseUrl url, Schema schema) throws SQLException {
        HikariDataSource pool = Pools.open(
                Pools.asynchronousCommit(Pools.config(url, schema, "read-model", POOL_CONNECTIONS_MAX, CONNECTION_WAIT_MILLIS_MAX)), schema,
                "read model; run ReadModelMigrations (the migrate command) first",
                "transactions", "consumer_checkpoints");
        LOG.info("read model open on {} schema {} ({} connections at most)", url.jdbcUrl(), schema.name(),
                POOL_CONNECTIONS_MAX);
        return new PostgresProjection(pool, schema);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long checkpoint() throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select last_sequence from " + table("consumer_checkpoints") + " where consumer = ?")) {
            select.setString(1, NAME);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /**
     * Applies the part of the batch after the checkpoint and moves the checkpoint, in one transaction.
     *
     * @throws IllegalArgumentException when the batch is too large or not contiguous
     * @throws IllegalStateException    when it starts past checkpoint + 1, or the events contradict the rows
     */
    @Override
    public long deliver(List<EventRecord> batch) throws SQLException {
        if (batch.isEmpty()) {
            return checkpoint();
        }
        return Transactions.run(pool, connection -> deliverInTransaction(connection, batch));
    }

    @Override
    public int batchEventsMax() {
        return BATCH_EVENTS_MAX;
    }

    private long deliverInTransaction(Connection connection, List<EventRecord> batch) throws SQLException {
        long checkpoint = lockCheckpoint(connection);
        List<EventRecord> fresh = Redelivery.unapplied(NAME, checkpoint, batch, BATCH_EVENTS_MAX);
        if (fresh.isEmpty()) {
            return checkpoint;
        }
        ReadModelChanges changes = ReadModelChanges.of(fresh);
        upsertTransactions(connection, changes.initiated().values());
        changeStatuses(connection, changes.changed());
        moveBalances(connection, changes.balances().values());
        replaceMembers(connection, changes.members());
        long last = fresh.getLast().sequence();
        saveCheckpoint(connection, checkpoint, last);
        return last;
    }

    /**
     * Reads the checkpoint and locks its row until commit (creating it at 0 the first time), so two
     * writers of one read model queue up instead of both deciding from the same checkpoint.
     */
    private long lockCheckpoint(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("insert into " + table("consumer_checkpoints")
                + " as saved (consumer, last_sequence) values (?, 0) on conflict (consumer)"
                + " do update set consumer = saved.consumer returning saved.last_sequence")) {
            lock.setString(1, NAME);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private void saveCheckpoint(Connection connection, long from, long to) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + table("consumer_checkpoints")
                + " set last_sequence = ?, updated_at = now() where consumer = ? and last_sequence = ?")) {
            update.setLong(1, to);
            update.setString(2, NAME);
            update.setLong(3, from);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("checkpoint of " + NAME + " moved past " + from + " while it was locked");
            }
        }
    }

    private void upsertTransactions(Connection connection, Collection<ProjectedTransaction> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(upsertTransactions)) {
            TransactionColumns.bind(connection, upsert, rows);
            upsert.executeUpdate();
        }
    }

    /**
     * Status changes of transactions stored by earlier batches. Every one must find its row: the
     * projection saw every event from sequence 1, so a miss means a lost event, and it stops.
     */
    private void changeStatuses(Connection connection, Map<TransactionId, StatusChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("update " + table("transactions") + " as t"
                + " set status = c.status, failure_code = c.failure_code, failure_reason = c.failure_reason,"
                + " updated_at = " + TransactionColumns.MILLIS_TO_TIME.formatted("c.at_millis")
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])"
                + " as c(transaction_id, status, failure_code, failure_reason, at_millis)"
                + " where t.transaction_id = c.transaction_id")) {
            ArrayColumns.bind(connection, update, changes.entrySet(), STATUS_COLUMNS);
            int updated = update.executeUpdate();
            if (updated != changes.size()) {
                throw new IllegalStateException(changes.size() + " status changes found " + updated
                        + " stored transactions: the read model missed an initiation");
            }
        }
    }

    /**
     * Adds each line's net change in one upsert, and reads back only the lines it made negative:
     * any such line means a missed or doubled event, and the whole batch rolls back.
     */
    private void moveBalances(Connection connection, Collection<WalletBalance> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("with moved as (insert into "
                + table("wallet_balances") + " as b (wallet_id, currency, available, held)"
                + " select * from unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[])"
                + " on conflict (wallet_id, currency) do update"
                + " set available = b.available + excluded.available, held = b.held + excluded.held"
                + " returning b.wallet_id, b.currency, b.available, b.held)"
                + " select wallet_id, currency, available, held from moved where available < 0 or held < 0")) {
            ArrayColumns.bind(connection, upsert, changes, BALANCE_COLUMNS);
            try (ResultSet negative = upsert.executeQuery()) {
                if (negative.next()) {
                    new WalletBalance(new WalletId(negative.getString(1)), currency(negative.getString(2)),
                            negative.getLong(3), negative.getLong(4)).requireNonNegative();
                }
            }
        }
    }

    /** A pod's PodUpserted lists all its members: the stored ones are replaced, not merged. */
    private void replaceMembers(Connection connection, Map<PodId, List<Member>> members) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        String[] pods = members.keySet().stream().map(PodId::value).toArray(String[]::new);
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from " + table("pod_members") + " where pod_id = any(?::text[])")) {
            delete.setArray(1, connection.createArrayOf("text", pods));
            delete.executeUpdate();
        }
        List<Map.Entry<PodId, Member>> rows = new ArrayList<>();
        members.forEach((pod, list) -> list.forEach(member -> rows.add(Map.entry(pod, member))));
        try (PreparedStatement insert = connection.prepareStatement("insert into " + table("pod_members")
                + " (pod_id, user_id, role) select * from unnest(?::text[], ?::text[], ?::text[])")) {
            ArrayColumns.bind(connection, insert, rows, MEMBER_COLUMNS);
            insert.executeUpdate();
        }
    }

    @Override
    public Page list(Filter filter, int limit, Position after) throws ReadModelUnavailable {
        TransactionQueries.requireLimit(limit);
        ListQuery query = ListQuery.of(table("transactions"), filter, limit + 1, after);
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(query.sql())) {
            select.setQueryTimeout(QUERY_SECONDS_MAX);
            query.bind(select);
            List<ProjectedTransaction> items = new ArrayList<>(limit + 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    items.add(TransactionColumns.read(rows));
                }
            }
            return items.size() > limit ? new Page(items.subList(0, limit), items.get(limit - 1).position())
                    : new Page(items, null);
        } catch (SQLException e) {
            throw unavailable("listing transactions", e);
        }
    }

    @Override
    public boolean isMember(PodId pod, UserId user) throws ReadModelUnavailable {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("select exists (select 1 from "
                     + table("pod_members") + " where pod_id = ? and user_id = ?)")) {
            select.setQueryTimeout(QUERY_SECONDS_MAX);
            select.setString(1, pod.value());
            select.setString(2, user.value());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw unavailable("reading pod membership", e);
        }
    }

    @Override
    public List<WalletBalance> balances(WalletId wallet) throws ReadModelUnavailable {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("select currency, available, held from "
                     + table("wallet_balances") + " where wallet_id = ? order by currency")) {
            select.setQueryTimeout(QUERY_SECONDS_MAX);
            select.setString(1, wallet.value());
            List<WalletBalance> balances = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    balances.add(new WalletBalance(wallet, currency(rows.getString(1)), rows.getLong(2), rows.getLong(3)));
                }
            }
            return balances;
        } catch (SQLException e) {
            throw unavailable("reading balances", e);
        }
    }

    private ReadModelUnavailable unavailable(String what, SQLException e) {
        LOG.warn("read model in schema {}: {} failed: {}", schema.name(), what, e.getMessage());
        return new ReadModelUnavailable(what + " failed: the read model's database did not answer", e);
    }

    private static Currency currency(String code) {
        Currency currency = Currency.ofCode(code);
        if (currency == null) {
            throw new IllegalStateException("read model holds an unknown currency " + code);
        }
        return currency;
    }

    /** Schema names are checked identifiers ({@link Schema}), so splicing them into SQL is safe. */
    private String table(String name) {
        return schema.table(name);
    }

    @Override
    public void close() {
        pool.close();
    }
}
