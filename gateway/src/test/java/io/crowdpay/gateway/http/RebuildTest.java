package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.IBAN;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.gateway.cli.CrowdPayCli;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 3, point 6: the replay tool rebuilds the PostgreSQL event store and read model from the
 * journal, from zero, and the result equals what the live consumers wrote, compared by query.
 */
class RebuildTest {

    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String DB = "postgresql://postgres@127.0.0.1:5432/test";

    @TempDir
    Path dir;

    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final List<String> schemas = List.of("live_" + suffix, "live_rm_" + suffix, "rebuilt_" + suffix, "rebuilt_rm_" + suffix);

    @AfterEach
    void dropSchemas() throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC, "postgres", ""); var st = c.createStatement()) {
            for (String s : schemas) {
                st.execute("drop schema if exists " + s + " cascade");
            }
        }
    }

    @Test
    void givenALiveServiceWithPostgres_whenTheReplayToolRebuildsIntoNewSchemas_thenEveryTableEqualsTheLiveOne() throws Exception {
        Path data;
        try (TestService svc = TestService.start(dir, TestService.RELAXED_VELOCITY, Map.of("DATABASE_URL", DB,
                "EVENT_STORE_SCHEMA", schemas.get(0), "READ_MODEL_SCHEMA", schemas.get(1)))) {
            data = svc.dataDir;
            for (int p = 0; p < 3; p++) {
                TestService.Pod pod = svc.fundedPod("500.00");
                for (int i = 0; i < 40; i++) {
                    assertThat(svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':"
                            + "{'currency':'EUR','value':'1.%02d'},'beneficiary_wallet_id':'%s','description':'n%d'}", pod.id(), i,
                            pod.beneficiaryWallet(), i), "Idempotency-Key", "t" + i).status()).isEqualTo(202);
                }
                String fail = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'WITHDRAWAL','pod_id':'%s','amount':"
                        + "{'currency':'EUR','value':'5.00'},'payout':{'iban':'%s','name':'A B'},'metadata':{'simulate_leg':'fail'}}",
                        pod.id(), IBAN), "Idempotency-Key", "w-fail").json().get("transaction_id").asText();
                String ok = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'WITHDRAWAL','pod_id':'%s','amount':"
                        + "{'currency':'EUR','value':'7.00'},'payout':{'iban':'%s','name':'A B'}}", pod.id(), IBAN),
                        "Idempotency-Key", "w-ok").json().get("transaction_id").asText();
                assertThat(svc.awaitTerminal(fail, pod.ownerToken()).get("status").asText()).isEqualTo("FAILED");
                assertThat(svc.awaitTerminal(ok, pod.ownerToken()).get("status").asText()).isEqualTo("SETTLED");
            }
            awaitCaughtUp(svc);
        }

        int code = new CommandLine(new CrowdPayCli()).execute("replay", "--data-dir", data.toString(), "--rebuild-database",
                "--database-url", DB, "--schema", schemas.get(2), "--read-schema", schemas.get(3), "--yes");
        assertThat(code).isZero();

        try (Connection c = DriverManager.getConnection(JDBC, "postgres", "")) {
            assertThat(count(c, schemas.get(0) + ".events")).isGreaterThan(500);
            for (String table : tables(c, schemas.get(0))) {
                assertSameRows(c, schemas.get(0), schemas.get(2), table);
            }
            List<String> readTables = tables(c, schemas.get(1));
            assertThat(readTables).contains("transactions");
            for (String table : readTables) {
                assertSameRows(c, schemas.get(1), schemas.get(3), table);
            }
            assertThat(count(c, schemas.get(1) + ".transactions")).isEqualTo(3 * (1 + 40 + 2));
        }
    }

    private static void awaitCaughtUp(TestService svc) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            boolean all = true;
            for (var c : svc.get("/readyz", null).json().get("consumers")) {
                all &= c.get("lag").asLong() == 0;
            }
            if (all) {
                return;
            }
            assertThat(System.currentTimeMillis()).as("consumers caught up").isLessThan(deadline);
            TestService.pause(50);
        }
    }

    /** The schema's tables, but Flyway's histories; audit tables are empty after a rebuild by design. */
    private static List<String> tables(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var st = c.prepareStatement("select table_name from information_schema.tables where table_schema = ?"
                + " and table_type = 'BASE TABLE' and table_name not like '%schema_history' and table_name not like 'audit%'"
                + " order by table_name")) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Columns the data decides (not those stamped with the time of writing: recorded_at, updated_at defaults). */
    private static String columns(Connection c, String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var st = c.prepareStatement("select column_name from information_schema.columns where table_schema = ? and table_name = ?"
                + " and coalesce(column_default, '') not like '%now()%' order by ordinal_position")) {
            st.setString(1, schema);
            st.setString(2, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        assertThat(out).isNotEmpty();
        return String.join(", ", out);
    }

    private static void assertSameRows(Connection c, String live, String rebuilt, String table) throws SQLException {
        String cols = columns(c, live, table);
        long liveRows = count(c, live + "." + table);
        assertThat(count(c, rebuilt + "." + table)).as("rows in %s", table).isEqualTo(liveRows);
        String diff = "select count(*) from ((select " + cols + " from " + live + "." + table + " except all select " + cols
                + " from " + rebuilt + "." + table + ") union all (select " + cols + " from " + rebuilt + "." + table
                + " except all select " + cols + " from " + live + "." + table + ")) d";
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(diff)) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows of %s that differ between live and rebuilt", table).isZero();
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
