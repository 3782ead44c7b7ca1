package io.crowdpay.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Snapshots;
import io.crowdpay.engine.StateHash;
import io.crowdpay.engine.command.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path dir;

    @Test
    void latestSnapshotReadsBackWithItsIndexAndHash() {
        SnapshotStore store = new SnapshotStore(dir);
        Engine engine = new Engine();
        Scenario.stream(3).forEach(c -> engine.apply(c, 1));
        byte[] state = Snapshots.write(engine.state());
        store.write(42, state);
        SnapshotStore.Snapshot snapshot = store.latest().orElseThrow();
        assertThat(snapshot.journalIndex()).isEqualTo(42);
        assertThat(snapshot.stateHash()).isEqualTo(StateHash.of(engine.state()));
        assertThat(StateHash.of(Snapshots.read(snapshot.state()))).isEqualTo(snapshot.stateHash());
    }

    @Test
    void aSnapshotStreamedInChunksAndPacedIsTheSameFileAsOneWrittenWhole() throws Exception {
        Engine engine = new Engine();
        List<Command> commands = Scenario.stream(3_000);
        for (int i = 0; i < commands.size(); i++) {
            engine.apply(commands.get(i), 1_000L * i);
        }
        Snapshots.Capture capture = Snapshots.capture(engine.state()).complete();
        List<Integer> chunks = new ArrayList<>();
        capture.writeTo((bytes, offset, length) -> chunks.add(length));
        assertThat(chunks).hasSizeGreaterThan(1);

        Path whole = new SnapshotStore(dir.resolve("whole")).write(7, Snapshots.write(engine.state()));
        Path streamed = new SnapshotStore(dir.resolve("streamed")).write(7, capture::writeTo, 64L << 20);

        assertThat(Files.readAllBytes(streamed)).isEqualTo(Files.readAllBytes(whole));
        SnapshotStore.Snapshot back = SnapshotStore.read(streamed);
        assertThat(back.journalIndex()).isEqualTo(7);
        assertThat(back.stateHash()).isEqualTo(StateHash.of(engine.state()));
        assertThat(back.state()).hasSize(chunks.stream().mapToInt(Integer::intValue).sum());
        // Decoded by the reader, which this change left alone: the same tables as the engine's.
        var decoded = Snapshots.read(back.state());
        assertThat(decoded.transactions()).isEqualTo(engine.state().transactions());
        assertThat(decoded.idempotency()).isEqualTo(engine.state().idempotency());
        assertThat(decoded.streamVersions()).isEqualTo(engine.state().streamVersions());
    }

    @Test
    void aSnapshotWhoseEncodingFailsLeavesTheNewestGoodOneAndNoTemporaryFile() throws Exception {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(1, Snapshots.write(new Engine().state()));
        assertThatThrownBy(() -> store.write(2, sink -> {
            sink.write(new byte[100], 0, 100);
            throw new IllegalStateException("encoding failed");
        }, SnapshotStore.UNPACED)).hasMessage("encoding failed");
        assertThat(store.files()).extracting(f -> f.getFileName().toString()).containsExactly("snapshot-0000000000000001.bin");
        assertThat(store.latest().orElseThrow().journalIndex()).isEqualTo(1);
        try (var left = Files.list(dir)) {
            assertThat(left).extracting(f -> f.getFileName().toString()).containsExactly("snapshot-0000000000000001.bin");
        }
    }

    @Test
    void theTemporaryFileOfASnapshotNeverFinishedIsDeletedByTheWriterAtStart() throws Exception {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(1, Snapshots.write(new Engine().state()));
        Path unfinished = dir.resolve("snapshot-0000000000000002.bin.tmp");
        Files.write(unfinished, new byte[100]);
        Path unrelated = dir.resolve("notes.tmp");
        Files.write(unrelated, new byte[1]);

        new SnapshotStore(dir);
        assertThat(unfinished).exists();
        new SnapshotStore(dir).deleteUnfinished();
        assertThat(unfinished).doesNotExist();
        assertThat(unrelated).exists();
        assertThat(store.latest().orElseThrow().journalIndex()).isEqualTo(1);
    }

    @Test
    void keepsOnlyTheNewestTwo() {
        SnapshotStore store = new SnapshotStore(dir);
        byte[] state = Snapshots.write(new Engine().state());
        for (long i = 1; i <= 5; i++) {
            store.write(i, state);
        }
        assertThat(store.files()).hasSize(2);
        assertThat(store.latest().orElseThrow().journalIndex()).isEqualTo(5);
    }

    @Test
    void aDamagedNewestSnapshotIsSkippedForTheOlderGoodOne() throws Exception {
        SnapshotStore store = new SnapshotStore(dir);
        byte[] state = Snapshots.write(new Engine().state());
        store.write(1, state);
        Path newest = store.write(2, state);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(newest, bytes);
        assertThat(store.latest().orElseThrow().journalIndex()).isEqualTo(1);
    }

    @Test
    void recoveryFromSnapshotPlusJournalEqualsFullReplay() {
        List<Command> commands = Scenario.stream(30);
        Path journalDir = dir.resolve("journal");
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"));
        Engine live = new Engine();
        try (CommandJournal journal = CommandJournal.open(journalDir)) {
            for (int i = 0; i < commands.size(); i++) {
                long index = journal.append(100 + i, commands.get(i));
                live.apply(commands.get(i), 100 + i);
                if (i == commands.size() / 2) {
                    store.write(index, Snapshots.write(live.state()));
                }
            }
            journal.sync();
            Recovery.Result recovered = Recovery.recover(journal, store, i -> { });
            assertThat(recovered.entriesReplayed()).isEqualTo(commands.size() - commands.size() / 2 - 1);
            assertThat(recovered.stateHash()).isEqualTo(StateHash.of(live.state()));
        }
    }
}
