package io.crowdpay.journal;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Snapshots;
import io.crowdpay.engine.StateHash;
import java.util.function.LongConsumer;

/**
 * Start-up recovery: the latest good snapshot, then every journal entry after it, applied in order to
 * the engine at its journaled time. The result is the state the service had when it stopped, whatever
 * stopped it, as far as the journal reached disk.
 */
public final class Recovery {

    private Recovery() {
    }

    /** What recovery did, for logs, the replay tool and readiness. */
    public record Result(Engine engine, long snapshotIndex, long lastIndex, long entriesReplayed, String stateHash,
                         long millis) {
    }

    public static Result recover(CommandJournal journal, SnapshotStore snapshots, LongConsumer progress) {
        long started = System.nanoTime();
        var snapshot = snapshots.latest();
        Engine engine = snapshot.map(s -> new Engine(Snapshots.read(s.state()))).orElseGet(Engine::new);
        long from = snapshot.map(SnapshotStore.Snapshot::journalIndex).orElse(Long.MIN_VALUE);
        long[] last = {from};
        long replayed = journal.readAfter(from, entry -> {
            engine.apply(entry.command(), entry.timestampMillis());
            last[0] = entry.index();
            progress.accept(entry.index());
        });
        engine.verifyInvariants();
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Result(engine, from, last[0], replayed, StateHash.of(engine.state()), millis);
    }
}
