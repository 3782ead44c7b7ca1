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
