package io.crowdpay.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.gateway.TestAuditTrail;
import io.crowdpay.gateway.config.AuditKeyFiles;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.postgres.Schema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code crowdpay audit verify} run in-process through picocli against the real PostgreSQL: its one
 * line summary and exit code for an intact trail, for a row altered behind the append-only trigger,
 * and for a database it cannot check.
 */
class AuditVerifyCommandTest {

    /** Batches of 16: a run of 10 transfers gives a few sealed batches and an open tail. */
    private static final int BATCH = 16;

    @TempDir
    Path keys;

    private Schema schema;
    private List<EventRecord> events;

    @BeforeEach
    void storeAndAuditARealRun() throws Exception {
        AuditKeyFiles.ensure(keys);
        schema = TestAuditTrail.migratedSchema();
        events = TestAuditTrail.engineEvents(10);
        TestAuditTrail.storeAndAudit(schema, events, AuditKeyFiles.load(keys), BATCH);
    }

    @AfterEach
    void drop() throws SQLException {
        TestAuditTrail.drop(schema);
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CrowdPayCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run verify(String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", "verify", "--database-url", TestAuditTrail.URL.jdbcUrl()
                + "?user=" + TestAuditTrail.URL.user(), "--schema", schema.name()));
        args.addAll(List.of(extra));
        if (!args.contains("--public-key")) {
            args.addAll(List.of("--public-key", AuditKeyFiles.publicKeyPath(keys).toString()));
        }
        return run(args.toArray(String[]::new));
    }

    @Test
    void givenAnIntactTrail_whenVerified_thenOkSummaryAndExit0() {
        int sealed = events.size() / BATCH * BATCH;

        Run run = verify();

        assertThat(run.exit()).as(run.err()).isEqualTo(AuditCommand.Verify.INTACT);
        assertThat(run.out()).isEqualTo("OK: " + sealed + " events in " + sealed / BATCH + " sealed batches verified ("
                + (events.size() - sealed) + " unsealed)" + System.lineSeparator());
    }

    @Test
    void givenATamperedEventRow_whenVerified_thenExactlyThatEventIsNamedAndExit1() throws SQLException {
        EventRecord target = events.stream().filter(e -> e.streamId().equals("tx_pay_4") && e.type().equals("FundsHeld.v1"))
                .findFirst().orElseThrow();
        TestAuditTrail.tamperPayload(schema, target.sequence(), "{amount,value}", "\"999.00\"");

        Run run = verify();

        assertThat(run.exit()).as(run.err()).isEqualTo(AuditCommand.Verify.TAMPERED);
        assertThat(run.out()).isEqualTo("TAMPERED: event " + target.sequence() + " (ev_" + target.sequence()
                + ", FundsHeld.v1): leaf_mismatch" + System.lineSeparator());
        assertThat(run.err()).contains("event " + target.sequence() + " hashes to");
    }

    @Test
    void givenAnotherKey_whenVerified_thenTheFirstBatchHasABadSignatureAndExit1(@TempDir Path otherKeys) throws Exception {
        AuditKeyFiles.ensure(otherKeys);

        Run run = verify("--public-key", AuditKeyFiles.publicKeyPath(otherKeys).toString());

        assertThat(run.exit()).isEqualTo(AuditCommand.Verify.TAMPERED);
        assertThat(run.out()).isEqualTo("TAMPERED: event 1 (ev_1, EngineConfigured.v1): bad_signature" + System.lineSeparator());
    }

    @Test
    void givenAnUnreachableDatabase_whenVerified_thenAClearErrorAndExit2() {
        Run run = run("audit", "verify", "--database-url", "postgresql://postgres:secret@127.0.0.1:1/test",
                "--public-key", AuditKeyFiles.publicKeyPath(keys).toString());

        assertThat(run.exit()).isEqualTo(AuditCommand.Verify.CANNOT_CHECK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("cannot read the audit trail from jdbc:postgresql://127.0.0.1:1/test")
                .doesNotContain("secret");
    }

    @Test
    void givenASchemaNotMigrated_whenVerified_thenAClearErrorAndExit2() {
        Run run = run("audit", "verify", "--database-url", TestAuditTrail.URL.jdbcUrl() + "?user=" + TestAuditTrail.URL.user(),
                "--schema", "no_such_schema_here", "--public-key", AuditKeyFiles.publicKeyPath(keys).toString());

        assertThat(run.exit()).isEqualTo(AuditCommand.Verify.CANNOT_CHECK);
        assertThat(run.err()).contains("schema no_such_schema_here has no audit trail tables").contains("migrate");
    }

    @Test
    void givenNoPublicKeyFile_whenVerified_thenAClearErrorAndExit2() {
        Run run = verify("--public-key", keys.resolve("absent.pem").toString());

        assertThat(run.exit()).isEqualTo(AuditCommand.Verify.CANNOT_CHECK);
        assertThat(run.err()).contains("no audit public key at").contains("absent.pem");
    }
}
