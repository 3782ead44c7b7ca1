package io.crowdpay.replicator.log;

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
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** A pod funded once, then many small transfers: commands, and the records an honest log holds. */
final class LogScenario {

    static final long T0 = 1_767_225_600_000L;
    private static final Currency EUR = Currency.ofCode("EUR");
    private static final UserId ALICE = new UserId("alice");
    private static final PodId POD = new PodId("trip");

    private LogScenario() {
    }

    static List<Command> commands(int transfers) {
        TreeMap<Currency, Long> limit = new TreeMap<>();
        limit.put(EUR, Long.MAX_VALUE / 4);
        TierLimits tier = new TierLimits(limit, limit);
        EngineConfig config = new EngineConfig(new TreeSet<>(List.of(EUR)), List.of(tier, tier, tier),
                new RiskRules(RiskRules.VELOCITY_COUNT_LIMIT, 1, new TreeMap<>()), Sanctions.NONE, 30_000, 100, 1_000_000,
                EngineConfig.DAY_MILLIS);
        TransactionId topUp = new TransactionId("tx_top");
        List<Command> commands = new ArrayList<>(List.of(new Command.Configure(config),
                new Command.PutUser(ALICE, KycStatus.VERIFIED, 1),
                new Command.PutPod(POD, "Trip", List.of(EUR), List.of(new Member(ALICE, Role.OWNER))),
                new Command.PutWallet(new WalletId("bob"), new UserId("bob"), List.of(EUR)),
                new Command.Initiate(topUp, ALICE, "top", TransactionType.TOP_UP, POD, new Money(100_000_000, EUR), null,
                        null, null, null, null, "fund", null, "corr-top"),
                new Command.CompleteLeg(topUp, Leg.FUNDING, true, null)));
        for (int i = 0; i < transfers; i++) {
            commands.add(new Command.Initiate(new TransactionId("tx_" + i), ALICE, "k" + i, TransactionType.TRANSFER, POD,
                    new Money(1 + i % 7, EUR), null, new WalletId("bob"), null, null, null, "pay " + i, null, "corr-" + i));
        }
        return commands;
    }

    /** The records of every event, numbered as the engine numbers them; journal index = command position. */
    static List<EventRecord> records(List<Command> commands) {
        Engine engine = new Engine();
        List<EventRecord> records = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            engine.apply(commands.get(i), T0 + i);
            records.addAll(EventRecords.of(List.copyOf(engine.events()), engine.firstEventSequence(),
                    k -> engine.streamVersion((int) k), i, engine.correlationId()));
        }
        return records;
    }
}
