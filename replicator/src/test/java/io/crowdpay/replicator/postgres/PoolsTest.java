package io.crowdpay.replicator.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Against the real PostgreSQL: which pools wait for the WAL flush on commit (ADR 0009). */
class PoolsTest {

    @Test
    void aDerivedStoresPoolCommitsAsynchronouslyAndAnyOtherPoolDoesNot() throws SQLException {
        Schema schema = TestDatabase.randomSchema("pools");
        try (HikariDataSource derived = new HikariDataSource(
                     Pools.asynchronousCommit(Pools.config(TestDatabase.URL, schema, "derived", 1, 5_000)));
             HikariDataSource plain = new HikariDataSource(Pools.config(TestDatabase.URL, schema, "plain", 1, 5_000))) {
            assertThat(synchronousCommit(derived)).isEqualTo("off");
            assertThat(synchronousCommit(plain)).as("the server's default, which the audit trail keeps").isEqualTo("on");
        }
    }

    private static String synchronousCommit(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("show synchronous_commit")) {
            r.next();
            return r.getString(1);
        }
    }
}
