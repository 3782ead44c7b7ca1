package io.crowdpay.benchmarks;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Outcome;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.FundingSource;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The business logic processor alone, on one thread, as the processor stage runs it: one
 * {@link Engine#apply} per already-decoded, already-journaled command, with journaled time advancing
 * 1 ms every {@value Fixtures#COMMANDS_PER_MILLI} commands. No ring, no journal, no codec.
 *
 * <p>Each measured iteration starts from a fresh world (built in an untimed setup) and applies
 * pre-built commands with unique ids and idempotency keys, so every TRANSFER takes the full accept
 * path (admission, hold, settle, four events) and none is an idempotent replay. The engine keeps
 * every transaction and idempotency key it accepted (retention is 24 h of journaled time), so its
 * heap grows during an iteration just as it would in service.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch",
        JvmFlags.A1, JvmFlags.A2, JvmFlags.A3, JvmFlags.A4, JvmFlags.A5, JvmFlags.A6, JvmFlags.A7, JvmFlags.A8,
        JvmFlags.A9, JvmFlags.A10, JvmFlags.ANALYTICS})
public class EngineBenchmark {

    /**
     * Commands pre-built per series (about 2 GB of heap for TRANSFERs at the default). One 2 s
     * iteration uses ~1.6M at 0.8M commands/s; should a faster engine run past the end (above 2M/s),
     * the series starts again on a fresh world, a rebuild of a few milliseconds inside the measurement
     * that is reported at teardown. Change with {@code -jvmArgs -Dcrowdpay.bench.series=N}.
     */
    static final int SERIES = Integer.getInteger("crowdpay.bench.series", 4_000_000);

    /** Shared plumbing: a world, a series of commands, a cursor, and advancing journaled time. */
    abstract static class Series {
        Command[] commands;
        Engine engine;
        int cursor;
        int inThisMilli;
        long now;
        long transactionsAtStart;
        long rebuilds;

        abstract Command[] build();

        /** Commands that are not TRANSFER Initiates and change how many transactions the engine holds. */
        abstract long transactionsAdded(int appliedCommands);

        @Setup(Level.Trial)
        public void buildCommands() {
            commands = build();
        }

        @Setup(Level.Iteration)
        public void freshWorld() {
            engine = Fixtures.world();
            cursor = 0;
            inThisMilli = 0;
            now = Fixtures.EPOCH_MILLIS + 1;
            transactionsAtStart = engine.state().transactions().size();
        }

        final Outcome next() {
            if (cursor == commands.length) {
                rebuilds++;
                freshWorld();
            }
            if (++inThisMilli == Fixtures.COMMANDS_PER_MILLI) {
                inThisMilli = 0;
                now++;
            }
            return engine.apply(commands[cursor++], now);
        }

        /** Proves the measured commands did what was meant: all accepted, ledger balanced. */
        @TearDown(Level.Iteration)
        public void check() {
            long expected = transactionsAtStart + transactionsAdded(cursor);
            long actual = engine.state().transactions().size();
            if (actual != expected) {
                throw new IllegalStateException(getClass().getSimpleName() + ": " + actual + " transactions, expected "
                        + expected + " (some commands were refused)");
            }
            engine.state().ledger().verify();
            if (rebuilds > 0) {
                System.out.println("\n  note: " + rebuilds + " world rebuild(s) inside the measurement; raise it with -jvmArgs -Dcrowdpay.bench.series=N");
                rebuilds = 0;
            }
        }
    }

    @State(Scope.Thread)
    public static class Transfers extends Series {
        @Override
        Command[] build() {
            Command[] out = new Command[SERIES];
            for (int i = 0; i < out.length; i++) {
                out[i] = Fixtures.transfer("t", i);
            }
            return out;
        }

        @Override
        long transactionsAdded(int applied) {
            return applied;
        }
    }

    /**
     * A plausible traffic mix, per block of ten commands: six TRANSFERs, one TOP_UP and the FUNDING
     * leg's answer to it, one GetTransaction and one GetWallet (reads take their turn on the same
     * thread, for read-your-writes).
     */
    @State(Scope.Thread)
    public static class Mixed extends Series {
        @Override
        Command[] build() {
            Command[] out = new Command[SERIES / 10 * 10];
            int transfer = 0;
            for (int block = 0; block < out.length / 10; block++) {
                int base = block * 10;
                int firstTransfer = transfer;
                for (int k = 0; k < 6; k++) {
                    out[base + k] = Fixtures.transfer("m", transfer++);
                }
                int p = block % Fixtures.PODS;
                TransactionId topUp = new TransactionId("tx_topup_" + block);
                out[base + 6] = new Command.Initiate(topUp, Fixtures.user(p), "topup-" + block, TransactionType.TOP_UP,
                        Fixtures.pod(p), new Money(10_000, Fixtures.EUR), null, null, null,
                        new FundingSource(FundingSource.Kind.CARD, "card-" + block), null, null, null, null);
                out[base + 7] = new Command.CompleteLeg(topUp, Leg.FUNDING, true, null);
                Command.Initiate read = (Command.Initiate) out[base + 2];
                out[base + 8] = new Command.GetTransaction(read.id(), read.actor(), false);
                out[base + 9] = new Command.GetWallet(Fixtures.personalWallet(firstTransfer % Fixtures.USERS),
                        Fixtures.user(firstTransfer % Fixtures.USERS), false);
            }
            return out;
        }

        @Override
        long transactionsAdded(int applied) {
            // Per full block: 6 transfers + 1 top-up; a partial block adds min(rest, 7).
            return applied / 10 * 7L + Math.min(applied % 10, 7);
        }
    }

    /** A world with {@value #READABLE} settled transfers, read back by their pod owners in turn. */
    @State(Scope.Thread)
    public static class Reads {
        static final int READABLE = 200_000;
        Engine engine;
        Command.GetTransaction[] queries;
        int cursor;

        @Setup(Level.Trial)
        public void setUp() {
            engine = Fixtures.world();
            queries = new Command.GetTransaction[READABLE];
            long now = Fixtures.EPOCH_MILLIS + 1;
            for (int i = 0; i < READABLE; i++) {
                Command.Initiate t = Fixtures.transfer("r", i);
                Fixtures.expect(engine.apply(t, now + i / Fixtures.COMMANDS_PER_MILLI), Outcome.TransactionAccepted.class);
                // Read in an order unrelated to insertion, as clients would poll.
                int j = (int) ((i * 7_919L) % READABLE);
                Command.Initiate r = Fixtures.transfer("r", j);
                queries[i] = new Command.GetTransaction(new TransactionId(r.id().value()), r.actor(), false);
            }
            Fixtures.expect(engine.apply(queries[0], now), Outcome.TransactionFound.class);
        }

        final Outcome next() {
            if (cursor == queries.length) {
                cursor = 0;
            }
            return engine.apply(queries[cursor++], 0);
        }
    }

    /** One TRANSFER Initiate, accepted and settled in the same step. */
    @Benchmark
    public Outcome transfer(Transfers s) {
        return s.next();
    }

    /** One GetTransaction by a member of the transaction's pod. */
    @Benchmark
    public Outcome query(Reads s) {
        return s.next();
    }

    /** One command of the mix described on {@link Mixed}. */
    @Benchmark
    public Outcome mixed(Mixed s) {
        return s.next();
    }
}
