package io.crowdpay.replicator.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.EventRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    private static final List<EventRecord> EVENTS = LogScenario.records(LogScenario.commands(300));

    @TempDir
    Path dir;

    private static List<EventRecord> readAll(EventLog log, long after) {
        List<EventRecord> out = new ArrayList<>();
        try (EventLogReader reader = log.reader(after)) {
            List<EventRecord> batch;
            while (!(batch = reader.read(37)).isEmpty()) {
                out.addAll(batch);
            }
        }
        return out;
    }

    @Test
    void givenAppendedEvents_whenFlushed_thenReadersSeeThemExactlyAndNotBefore() {
        try (EventLog log = EventLog.open(dir)) {
            EVENTS.forEach(log::append);
            assertThat(log.head()).isZero();
            assertThat(readAll(log, 0)).isEmpty();
            log.flush();
            assertThat(log.head()).isEqualTo(EVENTS.size());
            assertThat(readAll(log, 0)).isEqualTo(EVENTS);
            assertThat(readAll(log, 100)).isEqualTo(EVENTS.subList(100, EVENTS.size()));
        }
    }

    @Test
    void givenSmallSegments_whenTheLogRolls_thenReadersCrossSegmentsFromAnyPosition() {
        try (EventLog log = EventLog.open(dir, 2_048, 5)) {
            for (EventRecord e : EVENTS) {
                log.append(e);
                log.flush();
            }
            assertThat(EventLog.segments(dir)).hasSizeGreaterThan(10);
            for (long after : new long[]{0, 1, 57, 299, EVENTS.size() - 1L, EVENTS.size()}) {
                assertThat(readAll(log, after)).isEqualTo(EVENTS.subList((int) after, EVENTS.size()));
            }
        }
        try (EventLog reopened = EventLog.open(dir, 2_048, 5)) {
            assertThat(reopened.head()).isEqualTo(EVENTS.size());
            assertThat(readAll(reopened, 0)).isEqualTo(EVENTS);
        }
    }

    @Test
    void givenAGapOrARepeat_whenAppended_thenRefused() {
        try (EventLog log = EventLog.open(dir)) {
            log.append(EVENTS.get(0));
            assertThatThrownBy(() -> log.append(EVENTS.get(2))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> log.append(EVENTS.get(0))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void givenATornLastRecord_whenReopened_thenItIsCutAndAppendingGoesOnFromTheLastWholeOne() throws IOException {
        try (EventLog log = EventLog.open(dir)) {
            EVENTS.forEach(log::append);
            log.flush();
        }
        Path segment = EventLog.segments(dir).getLast();
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 10); // the last record loses its end, as in a crash mid-write
        }
        try (EventLog log = EventLog.open(dir)) {
            assertThat(log.head()).isEqualTo(EVENTS.size() - 1);
            log.append(EVENTS.getLast());
            log.flush();
            assertThat(readAll(log, 0)).isEqualTo(EVENTS);
        }
    }

    @Test
    void givenAFlippedByte_whenReopened_thenTheDamagedRecordAndAllAfterItAreCut() throws IOException {
        try (EventLog log = EventLog.open(dir)) {
            EVENTS.forEach(log::append);
            log.flush();
        }
        Path segment = EventLog.segments(dir).getLast();
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, size / 2);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            ch.write(one, size / 2);
        }
        try (EventLog log = EventLog.open(dir)) {
            long head = log.head();
            assertThat(head).isLessThan(EVENTS.size()).isGreaterThan(0);
            assertThat(readAll(log, 0)).isEqualTo(EVENTS.subList(0, (int) head));
        }
    }

    @Test
    void givenAReaderBehindTheWriter_whenTheWriterGoesOn_thenTheReaderGetsEveryEventOnceInOrder() throws Exception {
        try (EventLog log = EventLog.open(dir, 4_096, 1)) {
            List<EventRecord> seen = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (EventLogReader r = log.reader(0)) {
                    while (seen.size() < EVENTS.size()) {
                        seen.addAll(r.read(13));
                    }
                }
            });
            reader.start();
            for (int i = 0; i < EVENTS.size(); i++) {
                log.append(EVENTS.get(i));
                if (i % 5 == 0) {
                    log.flush();
                }
            }
            log.flush();
            reader.join(30_000);
            assertThat(seen).isEqualTo(EVENTS);
        }
    }

    @Test
    void givenTheSyncer_whenEventsAreFlushed_thenTheyBecomeDurableWithoutAnExplicitSync() throws InterruptedException {
        try (EventLog log = EventLog.open(dir, EventLog.SEGMENT_BYTES_DEFAULT, 5)) {
            EVENTS.subList(0, 10).forEach(log::append);
            log.flush();
            long deadline = System.currentTimeMillis() + 10_000;
            while (log.durable() < 10 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(log.durable()).isEqualTo(10);
        }
    }
}
