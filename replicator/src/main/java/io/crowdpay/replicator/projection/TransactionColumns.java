package io.crowdpay.replicator.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.FundingSource;
import io.crowdpay.engine.transaction.FxDetails;
import io.crowdpay.engine.transaction.Payout;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns of {@code transactions}, declared once: each with its array type for the batched
 * {@code INSERT ... SELECT FROM unnest(...)} (one statement per batch whatever its size, as the event
 * store writes), the expression that turns the array element into the stored value, and how a
 * {@link ProjectedTransaction} gives it. The upsert, its binding, the SELECT list and the mapping
 * back all come from this one list, so their column orders cannot disagree.
 */
final class TransactionColumns {

    /** Minor units at rest, time as timestamptz: exact integer interval arithmetic, no double on the way. */
    static final String MILLIS_TO_TIME = "timestamptz 'epoch' + %s * interval '1 millisecond'";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * One column. {@code stored} turns the unnested array element (named like the column) into the
     * stored value; {@code read} turns the stored value, {@code %s} standing for the qualified
     * column, into what {@link #read} gets.
     */
    private record Column(String name, String arrayType, String stored, String read,
                          Function<ProjectedTransaction, Object> value) {

        static Column text(String name, Function<ProjectedTransaction, Object> value) {
            return new Column(name, "text", name, "%s", value);
        }

        static Column bigint(String name, Function<ProjectedTransaction, Object> value) {
            return new Column(name, "bigint", name, "%s", value);
        }

        /** Epoch milliseconds in and out; extract() gives an exact numeric since PostgreSQL 14. */
        static Column time(String name, Function<ProjectedTransaction, Object> value) {
            return new Column(name, "bigint", MILLIS_TO_TIME.formatted(name), "(extract(epoch from %s) * 1000)::bigint", value);
        }
    }

    private static final List<Column> COLUMNS = List.of(
            Column.text("transaction_id", r -> tx(r).id().value()),
            Column.bigint("initiated_sequence", ProjectedTransaction::sequence),
            Column.text("type", r -> tx(r).type().name()),
            Column.text("status", r -> tx(r).status().name()),
            Column.text("pod_id", r -> tx(r).request().pod().value()),
            Column.text("amount_currency", r -> tx(r).request().amount().currency().code()),
            Column.bigint("amount_minor", r -> tx(r).request().amount().minorUnits()),
            Column.text("source_wallet_id", r -> tx(r).source() == null ? null : tx(r).source().value()),
            Column.text("beneficiary_wallet_id", r -> tx(r).beneficiary() == null ? null : tx(r).beneficiary().value()),
            Column.text("fx_quote_id", r -> tx(r).fx() == null ? null : tx(r).fx().quoteId().value()),
            new Column("fx_rate", "text", "fx_rate::numeric", "%s::text",
                    r -> tx(r).fx() == null ? null : tx(r).fx().rate().toPlainString()),
            Column.text("fx_buy_currency", r -> tx(r).fx() == null ? null : tx(r).fx().buy().currency().code()),
            Column.bigint("fx_buy_minor", r -> tx(r).fx() == null ? null : tx(r).fx().buy().minorUnits()),
            Column.text("funding_type", r -> funding(r) == null ? null : funding(r).type().name()),
            Column.text("funding_reference", r -> funding(r) == null ? null : funding(r).reference()),
            Column.text("payout_iban", r -> payout(r) == null ? null : payout(r).iban()),
            Column.text("payout_name", r -> payout(r) == null ? null : payout(r).name()),
            Column.text("payout_bic", r -> payout(r) == null ? null : payout(r).bic()),
            Column.text("description", r -> tx(r).request().description()),
            new Column("metadata", "text", "metadata::jsonb", "%s::text", r -> json(tx(r).request().metadata())),
            Column.text("idempotency_key", r -> tx(r).request().idempotencyKey()),
            Column.text("correlation_id", r -> tx(r).request().correlationId()),
            Column.text("created_by", r -> tx(r).request().actor().value()),
            Column.text("failure_code", r -> tx(r).failure() == null ? null : tx(r).failure().code()),
            Column.text("failure_reason", r -> tx(r).failure() == null ? null : tx(r).failure().reason()),
            Column.time("created_at", r -> tx(r).createdAtMillis()),
            Column.time("updated_at", r -> tx(r).updatedAtMillis()));

    private static final List<ArrayColumns.Column<ProjectedTransaction>> ARRAYS =
            COLUMNS.stream().map(c -> new ArrayColumns.Column<>(c.arrayType(), c.value())).toList();

    private TransactionColumns() {
    }

    /** What every read selects, in the order {@link #read} expects. */
    static String selectList(String alias) {
        return COLUMNS.stream().map(c -> c.read().formatted(alias + "." + c.name()) + " as " + c.name())
                .collect(Collectors.joining(", "));
    }

    /**
     * The batched upsert. A transaction is inserted once and then only changes status, so a conflict
     * means the same event applied again (a rebuild into a live table): overwriting with the same
     * values keeps that harmless.
     */
    static String upsert(String table) {
        String names = COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
        return "insert into " + table + " (" + names + ")"
                + " select " + COLUMNS.stream().map(Column::stored).collect(Collectors.joining(", "))
                + " from unnest(" + COLUMNS.stream().map(c -> "?::" + c.arrayType() + "[]").collect(Collectors.joining(", "))
                + ") as batch(" + names + ")"
                + " on conflict (transaction_id) do update set "
                + COLUMNS.stream().skip(1).map(c -> c.name() + " = excluded." + c.name()).collect(Collectors.joining(", "));
    }

    /** Binds the rows to an {@link #upsert} statement, one array per column. */
    static void bind(Connection connection, PreparedStatement upsert, Collection<ProjectedTransaction> rows)
            throws SQLException {
        ArrayColumns.bind(connection, upsert, rows, ARRAYS);
    }

    /** The row under the cursor, selected with {@link #selectList}, as the engine's transaction. */
    static ProjectedTransaction read(ResultSet row) throws SQLException {
        TransactionId id = new TransactionId(row.getString("transaction_id"));
        TransactionType type = TransactionType.valueOf(row.getString("type"));
        WalletId source = wallet(row.getString("source_wallet_id"));
        WalletId beneficiary = wallet(row.getString("beneficiary_wallet_id"));
        FxDetails fx = row.getString("fx_quote_id") == null ? null : new FxDetails(new QuoteId(row.getString("fx_quote_id")),
                Rate.parse(row.getString("fx_rate")), money(row.getString("fx_buy_currency"), row.getLong("fx_buy_minor")));
        Payout payout = row.getString("payout_iban") == null ? null
                : new Payout(row.getString("payout_iban"), row.getString("payout_name"), row.getString("payout_bic"));
        FundingSource funding = row.getString("funding_type") == null ? null
                : new FundingSource(FundingSource.Kind.valueOf(row.getString("funding_type")),
                        row.getString("funding_reference"));
        Money amount = money(row.getString("amount_currency"), row.getLong("amount_minor"));
        var request = new Command.Initiate(id, new UserId(row.getString("created_by")), row.getString("idempotency_key"),
                type, new PodId(row.getString("pod_id")), amount,
                source, beneficiary, payout, funding, fx == null ? null : fx.quoteId(), row.getString("description"),
                metadata(row.getString("metadata")), row.getString("correlation_id"));
        Failure failure = row.getString("failure_code") == null ? null
                : new Failure(row.getString("failure_code"), row.getString("failure_reason"));
        TransactionStatus status = TransactionStatus.valueOf(row.getString("status"));
        Transaction tx = new Transaction(request, source, beneficiary, fx, status, failure, row.getLong("created_at"),
                row.getLong("updated_at"));
        return new ProjectedTransaction(row.getLong("initiated_sequence"), tx);
    }

    private static Transaction tx(ProjectedTransaction row) {
        return row.transaction();
    }

    private static FundingSource funding(ProjectedTransaction row) {
        return row.transaction().request().fundingSource();
    }

    private static Payout payout(ProjectedTransaction row) {
        return row.transaction().request().payout();
    }

    private static WalletId wallet(String id) {
        return id == null ? null : new WalletId(id);
    }

    private static Money money(String code, long minorUnits) {
        Currency currency = Currency.ofCode(code);
        if (currency == null) {
            throw new IllegalStateException("read model holds an unknown currency " + code);
        }
        return new Money(minorUnits, currency);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** jsonb keeps its own key order; the engine's metadata is sorted, so sort again on the way out. */
    private static TreeMap<String, String> metadata(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata column is not a JSON object of strings: " + json, e);
        }
    }
}
