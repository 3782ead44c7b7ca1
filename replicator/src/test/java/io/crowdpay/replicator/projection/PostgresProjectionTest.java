package io.crowdpay.replicator.projection;

import static io.crowdpay.replicator.projection.EngineRun.ALICE;
import static io.crowdpay.replicator.projection.EngineRun.EUR;
import static io.crowdpay.replicator.projection.EngineRun.TRIP;
import static io.crowdpay.replicator.projection.EngineRun.TRIP_WALLET;
import static io.crowdpay.replicator.projection.EngineRun.USD;
import static io.crowdpay.replicator.projection.EngineRun.eur;
import static io.crowdpay.replicator.projection.ReadModelDatabase.execute;
import static io.crowdpay.replicator.projection.ReadModelDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.postgres.Schema;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read model in PostgreSQL: the whole contract, plus what only a database can get wrong. */
class PostgresProjectionTest extends ProjectionContract<PostgresProjection> {

    private Schema schema;

    @Override
    PostgresProjection open() throws SQLException {
        schema = ReadModelDatabase.migratedSchema();
        return PostgresProjection.open(ReadModelDatabase.URL, schema);
    }

    @AfterEach
    void closeAndDrop() throws SQLException {
        projection.close();
        ReadModelDatabase.drop(schema);
    }

    @Test
    void theServicesReadModelIsTheReadModelSchemasTransactionsTable() throws SQLException {
        assertThat(ReadModelMigrations.DEFAULT_SCHEMA.name()).isEqualTo("read_model");
        assertThat(ReadModelDatabase.rows("select table_name from information_schema.tables where table_schema = '"
                + schema.name() + "' order by table_name"))
                .containsExactly("consumer_checkpoints", "pod_members", "read_model_schema_history", "transactions",
                        "wallet_balances");
        assertThat(ReadModelMigrations.migrate(ReadModelDatabase.URL, schema)).as("migrating again is harmless").isEmpty();
    }

    @Test
    void givenAnUnmigratedSchema_whenOpened_thenToldToMigrate() {
        assertThatThrownBy(() -> PostgresProjection.open(ReadModelDatabase.URL, ReadModelDatabase.randomSchema()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no read model");
    }

    @Test
    void givenAppliedEvents_whenRedelivered_thenNothingChangesNotEvenTheCheckpointsTime() throws Exception {
        List<EventRecord> records = EngineRun.randomTraffic(9, 150).records();
        int half = records.size() / 2;
        projection.deliver(records.subList(0, half));
        List<String> before = ReadModelDatabase.dump(schema);

        assertThat(projection.deliver(records.subList(0, half))).isEqualTo(half);
        assertThat(projection.deliver(records.subList(half / 2, half))).isEqualTo(half);

        assertThat(ReadModelDatabase.dump(schema)).isEqualTo(before);
        assertThat(projection.deliver(records.subList(half - 5, records.size()))).isEqualTo(records.size());
        assertSameAnswersAsMemory(records);
    }

    @Test
    void givenAppliedEvents_whenABatchLeavesAGap_thenNotARowChanges() throws Exception {
        List<EventRecord> records = EngineRun.randomTraffic(10, 60).records();
        projection.deliver(records.subList(0, 20));
        List<String> before = ReadModelDatabase.dump(schema);

        assertThatThrownBy(() -> projection.deliver(records.subList(21, 40)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("applied through sequence 20 but the batch starts at 22");

        assertThat(ReadModelDatabase.dump(schema)).isEqualTo(before);
        assertThat(projection.checkpoint()).isEqualTo(20);
    }

    @Test
    void givenTheCheckpointWriteFails_whenDelivering_thenNoRowIsWrittenEither() throws Exception {
        List<EventRecord> records = EngineRun.randomTraffic(12, 100).records();
        projection.deliver(records.subList(0, 30));
        List<String> before = ReadModelDatabase.dump(schema);
        // Fault injection in the database: the checkpoint update, which runs after every row of the
        // batch is written in the same transaction, now raises.
        execute("create function " + schema.name() + ".refuse_checkpoint() returns trigger language plpgsql"
                + " as $$ begin if new.last_sequence > old.last_sequence then"
                + " raise exception 'injected checkpoint failure'; end if; return new; end $$");
        execute("create trigger refuse_checkpoint before update on " + schema.name() + ".consumer_checkpoints"
                + " for each row execute function " + schema.name() + ".refuse_checkpoint()");

        assertThatThrownBy(() -> projection.deliver(records.subList(30, records.size())))
                .isInstanceOf(SQLException.class).hasMessageContaining("injected checkpoint failure");

        assertThat(ReadModelDatabase.dump(schema)).isEqualTo(before);
        execute("drop trigger refuse_checkpoint on " + schema.name() + ".consumer_checkpoints");
        assertThat(projection.deliver(records.subList(30, records.size()))).isEqualTo(records.size());
        assertSameAnswersAsMemory(records);
    }

    @Test
    void givenTheConnectionDiesBetweenTheRowsAndTheCheckpoint_thenNothingIsStored() throws Exception {
        List<EventRecord> records = EngineRun.randomTraffic(13, 100).records();
        // The server process ends itself as the checkpoint moves: as in a crash after the write.
        execute("create function " + schema.name() + ".die() returns trigger language plpgsql"
                + " as $$ begin if new.last_sequence > old.last_sequence then"
                + " perform pg_terminate_backend(pg_backend_pid()); end if; return new; end $$");
        execute("create trigger die before update on " + schema.name() + ".consumer_checkpoints"
                + " for each row execute function " + schema.name() + ".die()");

        assertThatThrownBy(() -> projection.deliver(records)).isInstanceOf(SQLException.class);

        assertThat(queryLong("select count(*) from " + schema.name() + ".transactions")).isZero();
        assertThat(queryLong("select count(*) from " + schema.name() + ".wallet_balances")).isZero();
        assertThat(projection.checkpoint()).isZero();
        execute("drop trigger die on " + schema.name() + ".consumer_checkpoints");
        assertThat(projection.deliver(records)).as("the pool replaced the dead connection").isEqualTo(records.size());
    }

    @Test
    void givenEventsThatWouldMakeABalanceNegative_thenTheBatchRollsBack() throws Exception {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("10"));
        run.completeLeg(topUp, Leg.FUNDING, true);
        projection.deliver(run.records());
        List<String> before = ReadModelDatabase.dump(schema);
        long next = run.recordCount() + 1;
        // A release of a hold that was never taken: only a lost or doubled event could produce it.
        EventRecord forged = new EventRecord(next, EventRecord.idFor(next), "tx_forged", 1, "HoldReleased.v1",
                "{\"amount\":{\"currency\":\"EUR\",\"value\":\"5.00\"},\"transaction_id\":\"tx_forged\",\"wallet_id\":\"pw_trip\"}",
                99, EngineRun.T0 + 99_000, null);

        assertThatThrownBy(() -> projection.deliver(List.of(forged))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("would go negative");

        assertThat(ReadModelDatabase.dump(schema)).isEqualTo(before);
    }

    @Test
    void givenAStatusChangeOfATransactionNeverInitiated_thenTheBatchRollsBack() throws Exception {
        projection.deliver(run.records());
        long next = run.recordCount() + 1;
        EventRecord orphan = new EventRecord(next, EventRecord.idFor(next), "tx_lost", 1, "TransactionSettled.v1",
                "{\"transaction_id\":\"tx_lost\"}", 99, EngineRun.T0 + 99_000, null);

        assertThatThrownBy(() -> projection.deliver(List.of(orphan))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missed an initiation");

        assertThat(projection.checkpoint()).isEqualTo(next - 1);
    }

    @Test
    void givenLongRandomTrafficInRandomBatches_thenEveryRowIsTheEnginesTransaction() throws Exception {
        EngineRun traffic = EngineRun.randomTraffic(15, 600);
        List<EventRecord> records = traffic.records();
        Random random = new Random(15);
        for (int at = 0; at < records.size(); ) {
            int size = 1 + random.nextInt(60);
            projection.deliver(records.subList(at, Math.min(records.size(), at + size)));
            at += size;
        }

        List<ProjectedTransaction> all = Listing.walk(projection, TransactionQueries.Filter.ALL, 200);
        assertThat(all).hasSameSizeAs(traffic.engine().state().transactions().keySet());
        all.forEach(row -> ReadModelChangesTest.assertSameAsEngine(traffic, row));
        assertSameAnswersAsMemory(records);
    }

    @Test
    void givenEveryOptionalField_thenItIsStoredInItsColumn() throws Exception {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("300"));
        run.completeLeg(topUp, Leg.FUNDING, true);
        TransactionId swap = run.fxSwap(TRIP, ALICE, eur("100"), USD);
        TransactionId withdrawal = run.withdrawal(TRIP, ALICE, eur("50"));
        run.completeLeg(withdrawal, Leg.PAYOUT, false);
        projection.deliver(run.records());

        assertThat(ReadModelDatabase.rows("select type, status, amount_currency, amount_minor, source_wallet_id,"
                + " beneficiary_wallet_id, fx_quote_id, fx_rate, fx_buy_currency, fx_buy_minor, funding_type,"
                + " funding_reference, payout_iban, payout_bic, metadata::text, failure_code, failure_reason"
                + " from " + schema.name() + ".transactions where transaction_id in ('" + topUp.value() + "', '" + swap.value()
                + "', '" + withdrawal.value() + "') order by initiated_sequence")).containsExactly(
                "TOP_UP | SETTLED | EUR | 30000 | null | pw_trip | null | null | null | null | CARD | card_4242 | null | null"
                        + " | {\"zeta\": \"last\", \"alpha\": \"first 1\"} | null | null",
                "FX_SWAP | PENDING | EUR | 10000 | pw_trip | pw_trip | q_2 | 1.0857 | USD | 10857 | null | null | null | null"
                        + " | {\"zeta\": \"last\", \"alpha\": \"first 3\"} | null | null",
                "WITHDRAWAL | FAILED | EUR | 5000 | pw_trip | null | null | null | null | null | null | null"
                        + " | NL91ABNA0417164300 | ABNANL2A | {\"zeta\": \"last\", \"alpha\": \"first 4\"} | leg_failed"
                        + " | declined by the bank");
        assertThat(projection.list(TransactionQueries.Filter.ALL, 10, null).items()).allSatisfy(row -> {
            ReadModelChangesTest.assertSameAsEngine(run, row);
            assertThat(row.transaction().request().metadata().firstKey()).as("sorted again on the way out").isEqualTo("alpha");
        });
    }

    @Test
    void givenTheDatabaseIsGone_whenQueried_thenReadModelUnavailableNotACrash() {
        projection.close();

        assertThatThrownBy(() -> projection.list(TransactionQueries.Filter.ALL, 10, null))
                .isInstanceOf(ReadModelUnavailable.class);
        assertThatThrownBy(() -> projection.isMember(TRIP, ALICE)).isInstanceOf(ReadModelUnavailable.class);
        assertThatThrownBy(() -> projection.balances(TRIP_WALLET)).isInstanceOf(ReadModelUnavailable.class);
    }
}
