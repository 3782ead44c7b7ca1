package io.crowdpay.replicator.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Binds a batch of rows column by column, one SQL array per column, for statements that read them
 * back with {@code unnest(?::type[], ...)}: one statement and one round trip per table and batch,
 * whatever its size, with no bind-parameter limit to chunk around (as the event store writes).
 */
final class ArrayColumns {

    /** One column: its SQL element type ({@code text} or {@code bigint}) and how a row gives its value. */
    record Column<T>(String type, Function<T, Object> value) {

        Column {
            if (!type.equals("text") && !type.equals("bigint")) {
                throw new IllegalArgumentException("array columns are text or bigint: " + type);
            }
        }

        static <T> Column<T> text(Function<T, Object> value) {
            return new Column<>("text", value);
        }

        static <T> Column<T> bigint(Function<T, Object> value) {
            return new Column<>("bigint", value);
        }
    }

    private ArrayColumns() {
    }

    /** Parameter {@code i + 1} takes column {@code i}'s values over all rows, in the rows' order. */
    static <T> void bind(Connection connection, PreparedStatement statement, Collection<T> rows, List<Column<T>> columns)
            throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            Column<T> column = columns.get(i);
            Object[] values = rows.stream().map(column.value())
                    .toArray(column.type().equals("bigint") ? Long[]::new : String[]::new);
            statement.setArray(i + 1, connection.createArrayOf(column.type(), values));
        }
    }
}
