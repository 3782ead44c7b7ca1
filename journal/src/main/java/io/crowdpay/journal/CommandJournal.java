package io.crowdpay.journal;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.wire.CommandCodec;
import io.crowdpay.engine.wire.Decoder;
import io.crowdpay.engine.wire.Encoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The input journal: a Chronicle Queue of commands, each stored as its journaled time followed by the
 * {@link CommandCodec} bytes. The system of record: every downstream store is rebuilt from it.
 *
 * <p>Appends land in the page cache; {@link #sync()} forces them to disk (msync MS_SYNC of the mapped
 * file). The journaller calls it once at the end of each batch (group commit) and only then lets the
 * batch through to the engine, so nothing is acknowledged before it is on disk.
 *
 * <p>Not thread-safe: one appending thread (the journaller); readers use their own tailers.
 */
public final class CommandJournal implements AutoCloseable {

    /** Commands the gateway builds are far smaller; a larger entry is a bug or a corrupt file. */
    public static final int ENTRY_BYTES_MAX = 256 * 1024;

    private final SingleChronicleQueue queue;
    private final Path directory;
    private ExcerptAppender appender;
    private final Encoder encoder = new Encoder(1024);
    private long unsyncedAppends;

    private CommandJournal(Path directory, boolean readOnly) {
        ChronicleFlags.disableAnalytics();
        this.directory = directory;
        this.queue = SingleChronicleQueueBuilder.binary(directory)
                .syncMode(SyncMode.SYNC)
                .readOnly(readOnly)
                .build();
    }

    public static CommandJournal open(Path directory) {
        return new CommandJournal(directory, false);
    }

    /** Opens an existing journal for reading only, e.g. to replay it while the service runs. */
    public static CommandJournal openReadOnly(Path directory) {
        return new CommandJournal(directory, true);
    }

    public Path directory() {
        return directory;
    }

    /** Appends one command and answers its index. Durable only after the next {@link #sync()}. */
    public long append(long timestampMillis, Command command) {
        encoder.clear();
        CommandCodec.encode(command, encoder);
        if (encoder.length() > ENTRY_BYTES_MAX) {
            throw new IllegalArgumentException("journal entry of " + encoder.length() + " bytes exceeds " + ENTRY_BYTES_MAX);
        }
        if (appender == null) {
            appender = queue.createAppender();
        }
        long index;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.writeLong(timestampMillis);
            bytes.write(encoder.array(), 0, encoder.length());
            index = dc.index();
        }
        unsyncedAppends++;
        return index;
    }

    /** Forces every append so far to disk; a no-op when nothing was appended since the last sync. */
    public void sync() {
        if (unsyncedAppends > 0 && appender != null) {
            appender.sync();
            unsyncedAppends = 0;
        }
    }

    /**
     * Reads every entry after {@code afterIndex} (or from the start when it is below the first index)
     * in order, handing each to {@code consumer}; answers how many were read.
     */
    public long readAfter(long afterIndex, Consumer<JournalEntry> consumer) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (afterIndex >= queue.firstIndex() && afterIndex != Long.MIN_VALUE) {
                if (!tailer.moveToIndex(afterIndex)) {
                    throw new IllegalStateException("journal has no entry at index " + Long.toHexString(afterIndex)
                            + ": the snapshot is newer than the journal, or the journal was truncated");
                }
                try (DocumentContext skip = tailer.readingDocument()) {
                    if (!skip.isPresent()) {
                        throw new IllegalStateException("journal entry " + Long.toHexString(afterIndex) + " vanished");
                    }
                }
            }
            long count = 0;
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return count;
                    }
                    consumer.accept(decode(dc.index(), dc.wire().bytes()));
                    count++;
                }
            }
        }
    }

    /** The index of the last entry, or -1 when the journal is empty. */
    public long lastIndex() {
        long last = queue.lastIndex();
        return last < 0 ? -1 : last;
    }

    private static JournalEntry decode(long index, Bytes<?> bytes) {
        long remaining = bytes.readRemaining();
        if (remaining < 8 || remaining > ENTRY_BYTES_MAX + 8) {
            throw new Decoder.CorruptInput("journal entry " + Long.toHexString(index) + " has " + remaining + " bytes");
        }
        long timestamp = bytes.readLong();
        byte[] body = new byte[(int) bytes.readRemaining()];
        bytes.read(body);
        try {
            return new JournalEntry(index, timestamp, CommandCodec.decode(new Decoder(ByteBuffer.wrap(body))));
        } catch (Decoder.CorruptInput e) {
            throw new Decoder.CorruptInput("journal entry " + Long.toHexString(index) + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        sync();
        if (appender != null) {
            appender.close();
        }
        queue.close();
    }
}
