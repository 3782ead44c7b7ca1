package io.crowdpay.replicator.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The one way this module writes in a transaction: the event store, the read model and the audit
 * trail each commit a batch with its checkpoint, all of it or nothing, and must fail the same way
 * when that cannot be done.
 */
public final class Transactions {

    /** Work on a connection inside a transaction; it neither commits nor rolls back itself. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Borrows a connection, runs the work in one transaction, and commits when it returns. When it
     * throws, the transaction is rolled back and the work's own failure is thrown, since it says why;
     * a failed rollback only rides along as suppressed.
     *
     * @return what the work returned
     */
    public static <T> T run(DataSource pool, Work<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is likely gone, which rolls back too; keep the first failure in front.
            cause.addSuppressed(e);
        }
    }
}
