package io.crowdpay.benchmarks;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Outcome;
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
import io.crowdpay.engine.transaction.FundingSource;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The world every engine benchmark starts from, and the commands they apply. Everything is built
 * before measurement: ids, idempotency keys and commands are pre-made so that string building never
 * shows up in the numbers.
 *
 * <p>World: {@link #USERS} VERIFIED users (tier 2); pod {@code p} has user {@code p} as its only
 * OWNER and a EUR pod wallet topped up with {@link #POD_FUNDS} (TOP_UP + successful FUNDING leg);
 * user {@code u} owns the personal wallet {@code w_u} (EUR, USD). Limits are generous so that no
 * command is refused by limits, velocity or capacity: every benchmarked command takes the accept path.
 */
final class Fixtures {

    static final Currency EUR = new Currency("EUR", 2);
    static final Currency USD = new Currency("USD", 2);

    static final int USERS = 1_000;
    static final int PODS = 1_000;

    /** Per pod: 10^13 cents, far more than any run can move. */
    static final long POD_FUNDS = 10_000_000_000_000L;

    /** Journaled time of the first command: 2026-01-01T00:00:00Z. */
    static final long EPOCH_MILLIS = 1_767_225_600_000L;

    /** Journaled time advances 1 ms per this many commands: 1M commands per simulated second. */
    static final int COMMANDS_PER_MILLI = 1_000;

    private static final long GENEROUS = 1_000_000_000_000_000L;

    private Fixtures() {
    }

    static EngineConfig config() {
        SortedMap<Currency, Long> generous = new TreeMap<>();
        generous.put(EUR, GENEROUS);
        generous.put(USD, GENEROUS);
        TierLimits tier = new TierLimits(generous, generous);
        // Velocity: the most the rule allows (10,000) within a 1 ms window; at most a few initiations
        // per user fall into one journaled millisecond here, so it never bites, but it is evaluated.
        RiskRules risk = new RiskRules(RiskRules.VELOCITY_COUNT_LIMIT, 1, new TreeMap<>());
        return new EngineConfig(new TreeSet<>(List.of(EUR, USD)), List.of(tier, tier, tier), risk, Sanctions.NONE,
                30_000, 1_000_000, Integer.MAX_VALUE, EngineConfig.DAY_MILLIS);
    }

    static UserId user(int u) {
        return new UserId("user_" + u);
    }

    static PodId pod(int p) {
        return new PodId("pod_" + p);
    }

    static WalletId personalWallet(int u) {
        return new WalletId("w_" + u);
    }

    /** A fresh engine holding the world described above, at {@link #EPOCH_MILLIS}. */
    /** The commands that build the world, in order, all at {@link #EPOCH_MILLIS}. */
    static List<Command> worldCommands() {
        List<Command> commands = new java.util.ArrayList<>();
        commands.add(new Command.Configure(config()));
        for (int u = 0; u < USERS; u++) {
            commands.add(new Command.PutUser(user(u), KycStatus.VERIFIED, 2));
            commands.add(new Command.PutWallet(personalWallet(u), user(u), List.of(EUR, USD)));
        }
        for (int p = 0; p < PODS; p++) {
            int owner = p % USERS;
            commands.add(new Command.PutPod(pod(p), "Pod " + p, List.of(EUR), List.of(new Member(user(owner), Role.OWNER))));
            TransactionId topUp = new TransactionId("tx_fund_" + p);
            commands.add(new Command.Initiate(topUp, user(owner), "fund-" + p, TransactionType.TOP_UP, pod(p),
                    new Money(POD_FUNDS, EUR), null, null, null, new FundingSource(FundingSource.Kind.BANK, "ref-" + p),
                    null, "seed funds", null, null));
            commands.add(new Command.CompleteLeg(topUp, Leg.FUNDING, true, null));
        }
        return commands;
    }

    static Engine world() {
        Engine engine = new Engine();
        for (Command command : worldCommands()) {
            if (engine.apply(command, EPOCH_MILLIS) instanceof Outcome.Rejected r) {
                throw new IllegalStateException("world set-up refused " + command + ": " + r);
            }
        }
        engine.verifyInvariants();
        return engine;
    }

    /**
     * The i-th TRANSFER of a run: from pod {@code i % PODS}'s wallet (its owner acting) to a personal
     * wallet that changes with every lap over the pods, for a small varying EUR amount. The id and
     * idempotency key are unique per {@code i} (and per {@code tag}, to keep several series apart).
     */
    static Command.Initiate transfer(String tag, int i) {
        int p = i % PODS;
        int lap = i / PODS;
        int beneficiary = (p + 1 + lap) % USERS;
        return new Command.Initiate(new TransactionId("tx_" + tag + i), user(p % USERS), "idem-" + tag + i,
                TransactionType.TRANSFER, pod(p), new Money(100 + (i % 9_901), EUR), null, personalWallet(beneficiary),
                null, null, null, "dinner share", null, "corr-" + tag + i);
    }

    /** A TRANSFER as the gateway would journal it, with the optional fields a client typically sends. */
    static Command.Initiate typicalTransfer(int i) {
        SortedMap<String, String> metadata = new TreeMap<>();
        metadata.put("order", "ord_" + i);
        int p = i % PODS;
        return new Command.Initiate(new TransactionId("tx_018f3a9c-7d2e-7b41-9c55-" + String.format("%012d", i)),
                user(p), "c1d8e3a4-idem-" + i, TransactionType.TRANSFER, pod(p), new Money(2_500 + i % 100, EUR),
                WalletId.ofPod(pod(p)), personalWallet((p + 1) % USERS), null, null, null, "dinner share", metadata,
                "corr-" + i);
    }

    static <T extends Outcome> T expect(Outcome outcome, Class<T> type) {
        if (!type.isInstance(outcome)) {
            throw new IllegalStateException("expected " + type.getSimpleName() + " but got " + outcome);
        }
        return type.cast(outcome);
    }
}
