package io.crowdpay.replicator.projection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of one list request and its parameters, built together so they stay in step. Every
 * branch ends in {@code order by created_at desc, initiated_sequence desc limit n}, which one of the
 * migration's indexes serves as a range scan.
 *
 * <p>A wallet filter matches the source or the beneficiary. Written as one {@code or}, PostgreSQL
 * would collect all of a busy wallet's transactions and sort them for every page; written as two
 * limited index scans merged here, a page costs two short scans however long the history.
 */
record ListQuery(String sql, List<Object> parameters) {

    private static final String ORDER = " order by created_at desc, initiated_sequence desc limit ?";

    /**
     * Qualified, because the outer SELECT renames created_at to its epoch milliseconds, and an
     * unqualified ORDER BY would sort by that expression instead of walking the index.
     */
    private static final String OUTER_ORDER = " order by t.created_at desc, t.initiated_sequence desc limit ?";

    static ListQuery of(String table, TransactionQueries.Filter filter, int rows, Position after) {
        List<String> conditions = new ArrayList<>();
        List<Object> common = new ArrayList<>();
        if (filter.pod() != null) {
            conditions.add("pod_id = ?");
            common.add(filter.pod().value());
        }
        if (filter.status() != null) {
            conditions.add("status = ?");
            common.add(filter.status().name());
        }
        if (filter.type() != null) {
            conditions.add("type = ?");
            common.add(filter.type().name());
        }
        if (after != null) {
            conditions.add("(created_at, initiated_sequence) < ("
                    + TransactionColumns.MILLIS_TO_TIME.formatted("?::bigint") + ", ?)");
            common.add(after.createdAtMillis());
            common.add(after.sequence());
        }
        String select = "select " + TransactionColumns.selectList("t") + " from " + table + " t";
        List<Object> parameters = new ArrayList<>();
        if (filter.wallet() == null) {
            parameters.addAll(common);
            parameters.add(rows);
            return new ListQuery(select + where(conditions) + OUTER_ORDER, parameters);
        }
        String wallet = filter.wallet().value();
        StringBuilder sql = new StringBuilder(select).append(" where t.initiated_sequence in (");
        for (String column : List.of("source_wallet_id", "beneficiary_wallet_id")) {
            List<String> own = new ArrayList<>(conditions);
            own.addFirst(column + " = ?");
            sql.append(column.startsWith("source") ? "" : " union all ")
                    .append("(select initiated_sequence from ").append(table).append(where(own)).append(ORDER).append(")");
            parameters.add(wallet);
            parameters.addAll(common);
            parameters.add(rows);
        }
        parameters.add(rows);
        return new ListQuery(sql.append(")").append(OUTER_ORDER).toString(), parameters);
    }

    void bind(PreparedStatement statement) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }
}
