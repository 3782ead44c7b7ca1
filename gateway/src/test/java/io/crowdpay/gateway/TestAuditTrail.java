package io.crowdpay.gateway;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.config.EngineConfig;
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
import io.crowdpay.gateway.config.OpsFiles;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.EventRecords;
import io.crowdpay.replicator.audit.AuditSigner;
import io.crowdpay.replicator.audit.trail.AuditConsumer;
import io.crowdpay.replicator.audit.trail.AuditStore;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.EventStore;
import io.crowdpay.replicator.postgres.Migrations;
import io.crowdpay.replicator.postgres.Schema;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The machine's real PostgreSQL for the gateway's audit tests: a fresh schema each (dropped after),
 * the event store and audit filled as the service's consumers would fill them, and the intruder's
 * edit behind the append-only trigger.
 */
public final class TestAuditTrail {

    public static final DatabaseUrl URL = DatabaseUrl.parse(System.getenv().getOrDefault(
            "CROWDPAY_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"));

    private TestAuditTrail() {
    }

    public static Schema migratedSchema() {
        Schema schema = new Schema("gw_audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        Migrations.migrate(URL, schema);
        return schema;
    }

    public static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL.jdbcUrl(), URL.user(), URL.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public static void drop(Schema schema) throws SQLException {
        execute("drop schema if exists " + schema.name() + " cascade");
    }

    /** Stores the events in the event store and audits them in batches of {@code batchEventsMax}; the tail stays open. */
    public static void storeAndAudit(Schema schema, List<EventRecord> events, KeyPair keys, int batchEventsMax)
            throws SQLException {
        try (EventStore store = EventStore.open(URL, schema)) {
            store.append("event-store", events);
        }
        try (AuditConsumer audit = new AuditConsumer(AuditStore.open(URL, schema), new AuditSigner(keys), null,
                AuditConsumer.Settings.DEFAULTS.withBatchEventsMax(batchEventsMax), System::currentTimeMillis)) {
            audit.checkpoint();
            audit.deliver(events);
        }
    }

    /**
     * Alters one stored event's payload as an intruder with superuser rights would: the append-only
     * trigger is switched off around the UPDATE, in one transaction, so no other test sees it off.
     */
    public static void tamperPayload(Schema schema, long sequence, String jsonbPath, String jsonValue) throws SQLException {
        String events = schema.name() + ".events";
        try (Connection connection = DriverManager.getConnection(URL.jdbcUrl(), URL.user(), URL.password());
             Statement statement = connection.createStatement()) {
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

    /**
     * The records of a real engine run on the repository's ops rules: a user, a pod, a wallet, a
     * settled top-up ({@code tx_top}) and {@code transfers} transfers of 1.00 EUR ({@code tx_pay_1}...).
     */
    public static List<EventRecord> engineEvents(int transfers) throws IOException {
        EngineConfig rules = OpsFiles.loadEngineConfig(TestOps.repoOps());
        Currency eur = Currency.ofCode("EUR");
        UserId owner = new UserId("owner");
        PodId pod = new PodId("trip");
        TransactionId topUp = new TransactionId("tx_top");
        List<Command> commands = new ArrayList<>(List.of(new Command.Configure(rules),
                new Command.PutUser(owner, KycStatus.VERIFIED, 2),
                new Command.PutPod(pod, "Trip", List.of(eur), List.of(new Member(owner, Role.OWNER))),
                new Command.PutWallet(new WalletId("bob"), new UserId("bob"), List.of(eur)),
                new Command.Initiate(topUp, owner, "top", TransactionType.TOP_UP, pod, new Money(100_000, eur), null, null,
                        null, null, null, "fund", null, "corr-top"),
                new Command.CompleteLeg(topUp, Leg.FUNDING, true, null)));
        for (int i = 1; i <= transfers; i++) {
            commands.add(new Command.Initiate(new TransactionId("tx_pay_" + i), owner, "pay-" + i, TransactionType.TRANSFER,
                    pod, new Money(100, eur), null, new WalletId("bob"), null, null, null, "rent " + i, null, null));
        }
        Engine engine = new Engine();
        List<EventRecord> records = new ArrayList<>();
        long time = 1_767_225_600_000L;
        for (int i = 0; i < commands.size(); i++) {
            engine.apply(commands.get(i), time + 60_000L * i);
            records.addAll(EventRecords.of(List.copyOf(engine.events()), engine.firstEventSequence(),
                    k -> engine.streamVersion((int) k), i, null));
        }
        return records;
    }
}
