package io.crowdpay.journal;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Snapshots;
import io.crowdpay.engine.StateHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Start-up recovery: the latest good snapshot, then every journal entry after it, applied in order to
 * the engine at its journaled time. The result is the state the service had when it stopped, whatever
 * stopped it, as far as the journal reached disk.
 *
 * <p>With a {@link Derivation} (the event log), recovery also repairs what is derived from the
 * journal: it starts from the newest snapshot whose events the derived log already holds (an older
 * one, or the journal's start, if a crash cost the log its tail), and hands every replayed entry
 * whose events the log lacks to the derivation. So the log has no gap after any crash, and the
 * acknowledgement path never waits for it (ADR 0005).
 */
public final class Recovery {

    private Recovery() {
    }

    /** What recovery did, for logs, the replay tool and readiness. */
    public record Result(Engine engine, long snapshotIndex, long lastIndex, long entriesReplayed, String stateHash,
                         long millis) {
    }

    /** Something kept in step with the engine's events, repaired from the journal at start. */
    public interface Derivation {
        /** The last event sequence it holds (0 when none). */
        long lastSequence();

        /** The engine has just applied {@code entry}; its events end after {@link #lastSequence()}. */
        void derived(JournalEntry entry, Engine engine);

        /** Replay is over: make what was derived durable. */
        void finish();
    }

    public static Result recover(CommandJournal journal, SnapshotStore snapshots, LongConsumer progress) {
        return recover(journal, snapshots, progress, null);
    }

    public static Result recover(CommandJournal journal, SnapshotStore snapshots, LongConsumer progress,
                                 Derivation derivation) {
        long started = System.nanoTime();
        long derivedUpTo = derivation == null ? Long.MAX_VALUE : derivation.lastSequence();
        Engine engine = null;
        long from = Long.MIN_VALUE;
        for (Path file : snapshots.files().reversed()) {
            Engine candidate;
            long index;
            try {
                SnapshotStore.Snapshot snapshot = SnapshotStore.read(file);
                candidate = new Engine(Snapshots.read(snapshot.state()));
                index = snapshot.journalIndex();
            } catch (IOException | RuntimeException e) {
                System.err.println("crowdpay: skipping unreadable snapshot " + file + ": " + e.getMessage());
                continue;
            }
            if (candidate.state().eventSequence() <= derivedUpTo) {
                engine = candidate;
                from = index;
                break;
            }
            System.err.println("crowdpay: snapshot " + file.getFileName() + " is past the event log (event "
                    + candidate.state().eventSequence() + " > " + derivedUpTo + "); starting from an older one");
        }
        if (engine == null) {
            engine = new Engine();
        }
        Engine applying = engine;
        long[] last = {from};
        long replayed = journal.readAfter(from, entry -> {
            applying.apply(entry.command(), entry.timestampMillis());
            last[0] = entry.index();
            progress.accept(entry.index());
            if (derivation != null && !applying.events().isEmpty()
                    && applying.firstEventSequence() + applying.events().size() - 1 > derivedUpTo) {
                derivation.derived(entry, applying);
            }
        });
        engine.verifyInvariants();
        if (derivation != null) {
            derivation.finish();
            if (derivation.lastSequence() != engine.state().eventSequence()) {
                throw new IllegalStateException("the event log ends at " + derivation.lastSequence()
                        + " but the journal's events end at " + engine.state().eventSequence()
                        + ": the log belongs to another journal; move it away to derive it again");
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Result(engine, from, last[0], replayed, StateHash.of(engine.state()), millis);
    }
}
