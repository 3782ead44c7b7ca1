package io.crowdpay.replicator.audit.trail;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.config.RiskRules;
import io.crowdpay.engine.config.Sanctions;
import io.crowdpay.engine.config.TierLimits;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.EventRecords;
import io.crowdpay.replicator.audit.AuditKeys;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.EventStore;
import io.crowdpay.replicator.postgres.Migrations;
import io.crowdpay.replicator.postgres.Schema;
import io.crowdpay.replicator.postgres.TestDatabase;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The machine's real PostgreSQL for the audit trail tests (a fresh random schema each, dropped after,
 * through the event store's {@link TestDatabase}), and the events they audit: real engine events (so
 * the canonical payloads go through jsonb exactly as in production) or synthetic ones in bulk.
 */
final class TrailFixtures {

    static final DatabaseUrl URL = TestDatabase.URL;

    /** One key pair for the whole run: generating is cheap, but one key keeps failures comparable. */
    static final KeyPair KEYS = AuditKeys.generate();

    static final long T0 = 1_767_225_600_000L;

    private static final Currency EUR = Currency.ofCode("EUR");

    private TrailFixtures() {
    }

    /** A fresh schema with the event store and the audit tables migrated into it. */
    static Schema migratedSchema() {
        Schema schema = TestDatabase.randomSchema("audit_test_");
        Migrations.migrate(URL, schema);
        return schema;
    }

    static Connection connect() throws SQLException {
        return TestDatabase.connect();
    }

    static void execute(String sql) throws SQLException {
        TestDatabase.execute(sql);
    }

    static long queryLong(String sql) throws SQLException {
        return TestDatabase.queryLong(sql);
    }

    static void drop(Schema schema) throws SQLException {
        TestDatabase.drop(schema);
    }

    /**
     * Alters one stored event's payload as an intruder with superuser rights would: the append-only
     * trigger is switched off around the UPDATE, in one transaction, so no other test sees it off.
     */
    static void tamperPayload(Schema schema, long sequence, String jsonbPath, String jsonValue) throws SQLException {
        String events = schema.name() + ".events";
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("alter table " + events + " disable trigger events_append_only");
            int changed = statement.executeUpdate("update " + events + " set payload = jsonb_set(payload, '" + jsonbPath
                    + "', '" + jsonValue + "') where global_sequence = " + sequence);
            statement.execute("alter table " + events + " enable trigger events_append_only");
            connection.commit();
            if (changed != 1) {
                throw new IllegalStateException("no event " + sequence + " to tamper with");
            }
        }
    }

    /** Stores the events in the event store of the schema, as its consumer would. */
    static void storeEvents(Schema schema, List<EventRecord> events) throws SQLException {
        try (EventStore store = EventStore.open(URL, schema)) {
            for (int from = 0; from < events.size(); from += EventStore.BATCH_EVENTS_MAX) {
                store.append("event-store", events.subList(from, Math.min(events.size(), from + EventStore.BATCH_EVENTS_MAX)));
            }
        }
    }

    /**
     * The records of a real engine run: configuration, a user, a pod, a wallet, a top-up (tx_top)
     * and then {@code transfers} transfers of 0.01 EUR (tx_pay_1, tx_pay_2...), one second apart.
     */
    static List<EventRecord> engineEvents(int transfers) {
        Engine engine = new Engine();
        List<EventRecord> records = new ArrayList<>();
        long time = T0;
        for (Command command : commands(transfers)) {
            engine.apply(command, time);
            records.addAll(EventRecords.of(List.copyOf(engine.events()), engine.firstEventSequence(),
                    k -> engine.streamVersion((int) k), time - T0, "corr-" + (time - T0)));
            time += 1_000;
        }
        return records;
    }

    private static List<Command> commands(int transfers) {
        TreeMap<Currency, Long> limit = new TreeMap<>();
        limit.put(EUR, 100_000_000L);
        TierLimits tier = new TierLimits(limit, limit);
        EngineConfig config = new EngineConfig(new TreeSet<>(List.of(EUR)), List.of(tier, tier, tier),
                new RiskRules(10_000, 60_000, new TreeMap<>()), Sanctions.NONE, 30_000, 100, 1_000, EngineConfig.DAY_MILLIS);
        UserId alice = new UserId("alice");
        PodId pod = new PodId("trip");
        TransactionId topUp = new TransactionId("tx_top");
        List<Command> commands = new ArrayList<>(List.of(new Command.Configure(config),
                new Command.PutUser(alice, KycStatus.VERIFIED, 2),
                new Command.PutPod(pod, "Trip", List.of(EUR), List.of(new Member(alice, Role.OWNER))),
                new Command.PutWallet(new WalletId("bob"), new UserId("bob"), List.of(EUR)),
                new Command.Initiate(topUp, alice, "top", TransactionType.TOP_UP, pod, new Money(1_000_000, EUR), null, null,
                        null, null, null, "fund", null, "corr-top"),
                new Command.CompleteLeg(topUp, Leg.FUNDING, true, null)));
        for (int i = 1; i <= transfers; i++) {
            commands.add(new Command.Initiate(new TransactionId("tx_pay_" + i), alice, "pay-" + i, TransactionType.TRANSFER,
                    pod, new Money(1, EUR), null, new WalletId("bob"), null, null, null, "café " + i, null, null));
        }
        return commands;
    }

    /** Synthetic events {@code first..last} with canonical payloads, three per stream: for bulk tests. */
    static List<EventRecord> syntheticEvents(long first, long last) {
        List<EventRecord> events = new ArrayList<>();
        for (long sequence = first; sequence <= last; sequence++) {
            String stream = "tx_" + ((sequence + 2) / 3);
            String payload = "{\"amount\":{\"currency\":\"EUR\",\"value\":\"" + sequence + ".00\"},\"at_ms\":" + (T0 + sequence)
                    + ",\"transaction_id\":\"" + stream + "\"}";
            events.add(new EventRecord(sequence, EventRecord.idFor(sequence), stream, (sequence + 2) % 3 + 1,
                    "FundsHeld.v1", payload, sequence, T0 + sequence, sequence % 3 == 0 ? null : "corr-" + sequence));
        }
        return events;
    }
}
