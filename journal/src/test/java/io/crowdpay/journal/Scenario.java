package io.crowdpay.journal;

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
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** A small realistic command stream for journal, snapshot and pipeline tests. */
public final class Scenario {

    public static final Currency EUR = Currency.ofCode("EUR");
    public static final UserId ALICE = new UserId("alice");
    public static final PodId POD = new PodId("trip");
    public static final WalletId BOB_WALLET = new WalletId("bob_wallet");

    private Scenario() {
    }

    public static Command.Configure configure() {
        TreeMap<Currency, Long> generous = new TreeMap<>();
        generous.put(EUR, 1_000_000_00L);
        TierLimits tier = new TierLimits(generous, generous);
        return new Command.Configure(new EngineConfig(new TreeSet<>(List.of(EUR)), List.of(tier, tier, tier),
                new RiskRules(10_000, 1_000, new TreeMap<>()), Sanctions.NONE, 30_000, 1_000, 1_000_000, EngineConfig.DAY_MILLIS));
    }

    public static List<Command> setup() {
        return List.of(configure(),
                new Command.PutUser(ALICE, KycStatus.VERIFIED, 2),
                new Command.PutPod(POD, "Trip", List.of(EUR), List.of(new Member(ALICE, Role.OWNER))),
                new Command.PutWallet(BOB_WALLET, new UserId("bob"), List.of(EUR)));
    }

    public static Command.Initiate topUp(int n, long cents) {
        return initiate(n, TransactionType.TOP_UP, cents, null);
    }

    public static Command.Initiate transfer(int n, long cents) {
        return initiate(n, TransactionType.TRANSFER, cents, BOB_WALLET);
    }

    public static Command.CompleteLeg funded(int n) {
        return new Command.CompleteLeg(new TransactionId("tx_" + n), Leg.FUNDING, true, null);
    }

    private static Command.Initiate initiate(int n, TransactionType type, long cents, WalletId beneficiary) {
        return new Command.Initiate(new TransactionId("tx_" + n), ALICE, "key-" + n, type, POD, new Money(cents, EUR),
                null, beneficiary, null, null, null, "test " + n, new TreeMap<>(), null);
    }

    /** Setup, then {@code rounds} of top-up, funding and two transfers. */
    public static List<Command> stream(int rounds) {
        List<Command> commands = new ArrayList<>(setup());
        for (int i = 0; i < rounds; i++) {
            commands.add(topUp(4 * i, 10_000));
            commands.add(funded(4 * i));
            commands.add(transfer(4 * i + 1, 2_500));
            commands.add(transfer(4 * i + 2, 1_000));
        }
        return commands;
    }
}
