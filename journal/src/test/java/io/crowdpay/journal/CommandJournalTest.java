package io.crowdpay.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.StateHash;
import io.crowdpay.engine.command.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandJournalTest {

    @TempDir
    Path dir;

    @Test
    void appendedCommandsReadBackInOrderWithTheirTimes() {
        List<Command> commands = Scenario.stream(5);
        List<Long> indexes = new ArrayList<>();
        try (CommandJournal journal = CommandJournal.open(dir)) {
            for (int i = 0; i < commands.size(); i++) {
                indexes.add(journal.append(1_000 + i, commands.get(i)));
            }
            journal.sync();
        }
        List<JournalEntry> read = new ArrayList<>();
        try (CommandJournal journal = CommandJournal.openReadOnly(dir)) {
            assertThat(journal.readAfter(Long.MIN_VALUE, read::add)).isEqualTo(commands.size());
            assertThat(journal.lastIndex()).isEqualTo(indexes.get(indexes.size() - 1));
        }
        assertThat(read).extracting(JournalEntry::command).containsExactlyElementsOf(commands);
        assertThat(read).extracting(JournalEntry::index).containsExactlyElementsOf(indexes);
        assertThat(read.get(3).timestampMillis()).isEqualTo(1_003);
    }

    /**
     * ~90 MB of appends with the page toucher populating ahead (across Chronicle's 64 MiB chunk
     * boundary), then every entry reads back unchanged: the toucher only faults pages in, never writes.
     */
    @Test
    void thePageToucherPopulatesAheadAndChangesNothing() {
        List<Command> commands = Scenario.stream(20);
        int total = 600_000;
        try (CommandJournal journal = CommandJournal.open(dir)) {
            for (int i = 0; i < total; i++) {
                journal.append(1_000 + i, commands.get(i % commands.size()));
                if (i % 1_000 == 999) {
                    journal.sync();
                }
            }
            journal.sync();
            assertThat(journal.toucherStopped()).as("MADV_POPULATE_WRITE works on this machine's kernel").isNull();
        }
        long[] read = {0};
        try (CommandJournal journal = CommandJournal.openReadOnly(dir)) {
            journal.readAfter(Long.MIN_VALUE, e -> {
                int i = (int) read[0]++;
                assertThat(e.timestampMillis()).isEqualTo(1_000 + i);
                if (!e.command().equals(commands.get(i % commands.size()))) {
                    throw new AssertionError("entry " + i + " differs: " + e.command());
                }
            });
        }
        assertThat(read[0]).isEqualTo(total);
    }

    @Test
    void thePageToucherCanBeSwitchedOff() {
        System.setProperty(CommandJournal.PRETOUCH_PROPERTY, "false");
        try (CommandJournal journal = CommandJournal.open(dir)) {
            journal.append(1, Scenario.stream(1).get(0));
            journal.sync();
            assertThat(journal.toucherStopped()).isEqualTo("off");
        } finally {
            System.clearProperty(CommandJournal.PRETOUCH_PROPERTY);
        }
    }

    @Test
    void readAfterAnIndexSkipsEverythingUpToIt() {
        List<Long> indexes = new ArrayList<>();
        List<Command> commands = Scenario.stream(2);
        try (CommandJournal journal = CommandJournal.open(dir)) {
            commands.forEach(c -> indexes.add(journal.append(5, c)));
            List<JournalEntry> tail = new ArrayList<>();
            journal.readAfter(indexes.get(4), tail::add);
            assertThat(tail).extracting(JournalEntry::command).containsExactlyElementsOf(commands.subList(5, commands.size()));
        }
    }

    @Test
    void replayingTheJournalTwiceGivesTheSameStateHash() {
        try (CommandJournal journal = CommandJournal.open(dir)) {
            long t = 0;
            for (Command c : Scenario.stream(20)) {
                journal.append(t += 7, c);
            }
        }
        assertThat(replayHash()).isEqualTo(replayHash());
    }

    private String replayHash() {
        Engine engine = new Engine();
        try (CommandJournal journal = CommandJournal.openReadOnly(dir)) {
            journal.readAfter(Long.MIN_VALUE, e -> engine.apply(e.command(), e.timestampMillis()));
        }
        return StateHash.of(engine.state());
    }
}
