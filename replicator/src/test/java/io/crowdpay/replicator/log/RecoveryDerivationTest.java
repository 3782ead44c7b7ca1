package io.crowdpay.replicator.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Snapshots;
import io.crowdpay.engine.command.Command;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.Recovery;
import io.crowdpay.journal.SnapshotStore;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.EventRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event log after a crash: whatever tail it lost, recovery derives it again from the journal,
 * starting from a snapshot the log already covers, so the log ends up equal to an uninterrupted one.
 */
class RecoveryDerivationTest {

    @TempDir
    Path dir;

    private final List<EventRecord> expected = new ArrayList<>();
    private long firstSnapshotEvents;
    private long secondSnapshotEvents;

    /** Journals 300 transfers with snapshots after commands 150 and 250, as the service would. */
    @BeforeEach
    void journal() {
        List<Command> commands = LogScenario.commands(300);
        SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
        Engine engine = new Engine();
        try (CommandJournal journal = CommandJournal.open(dir.resolve("journal"))) {
            for (int i = 0; i < commands.size(); i++) {
                long index = journal.append(LogScenario.T0 + i, commands.get(i));
                engine.apply(commands.get(i), LogScenario.T0 + i);
                expected.addAll(EventRecords.of(List.copyOf(engine.events()), engine.firstEventSequence(),
                        k -> engine.streamVersion((int) k), index, engine.correlationId()));
                if (i == 150 || i == 250) {
                    snapshots.write(index, Snapshots.write(engine.state()));
                    if (i == 150) {
                        firstSnapshotEvents = engine.state().eventSequence();
                    } else {
                        secondSnapshotEvents = engine.state().eventSequence();
                    }
                }
            }
            journal.sync();
        }
        assertThat(expected).hasSize((int) engine.state().eventSequence()).hasSizeGreaterThan(1_000);
    }

    private Recovery.Result recoverWithLogHolding(int events) {
        try (EventLog log = EventLog.open(dir.resolve("events"))) {
            expected.subList(0, events).forEach(log::append);
            log.flush();
        }
        try (EventLog log = EventLog.open(dir.resolve("events"));
             CommandJournal journal = CommandJournal.open(dir.resolve("journal"))) {
            Recovery.Result result = Recovery.recover(journal, new SnapshotStore(dir.resolve("snapshots")), i -> { },
                    new EventLogWriter(log));
            assertThat(log.durable()).isEqualTo(expected.size());
            return result;
        }
    }

    private List<EventRecord> logContents() {
        try (EventLog log = EventLog.open(dir.resolve("events")); EventLogReader reader = log.reader(0)) {
            return reader.read(Integer.MAX_VALUE);
        }
    }

    @Test
    void givenAnEmptyLog_whenRecovering_thenEveryEventIsDerivedFromTheJournalsStart() {
        Recovery.Result result = recoverWithLogHolding(0);
        assertThat(result.snapshotIndex()).isEqualTo(Long.MIN_VALUE);
        assertThat(logContents()).isEqualTo(expected);
    }

    @Test
    void givenALogThatLostItsTailPastTheNewestSnapshot_whenRecovering_thenAnOlderSnapshotIsUsedAndTheTailDerived() {
        int held = (int) (firstSnapshotEvents + secondSnapshotEvents) / 2;
        Recovery.Result result = recoverWithLogHolding(held);
        assertThat(result.snapshotIndex()).isNotEqualTo(Long.MIN_VALUE);
        assertThat(logContents()).isEqualTo(expected);
    }

    @Test
    void givenACompleteLog_whenRecovering_thenTheNewestSnapshotIsUsedAndNothingIsAppended() {
        Recovery.Result result = recoverWithLogHolding(expected.size());
        assertThat(result.entriesReplayed()).isEqualTo(300 + 6 - 251);
        assertThat(logContents()).isEqualTo(expected);
    }

    @Test
    void givenALogAheadOfTheJournal_whenRecovering_thenStartRefusesWithTheReason() {
        try (EventLog log = EventLog.open(dir.resolve("events"))) {
            expected.forEach(log::append);
            log.append(new EventRecord(expected.size() + 1, EventRecord.idFor(expected.size() + 1), "tx_x", 1,
                    "TransactionSettled.v1", "{}", 1, 1, null));
            log.flush();
        }
        try (EventLog log = EventLog.open(dir.resolve("events"));
             CommandJournal journal = CommandJournal.open(dir.resolve("journal"))) {
            assertThatThrownBy(() -> Recovery.recover(journal, new SnapshotStore(dir.resolve("snapshots")), i -> { },
                    new EventLogWriter(log))).isInstanceOf(IllegalStateException.class).hasMessageContaining("another journal");
        }
    }
}
