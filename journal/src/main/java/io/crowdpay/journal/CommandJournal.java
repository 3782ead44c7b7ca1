package io.crowdpay.journal;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.wire.CommandCodec;
import io.crowdpay.engine.wire.Decoder;
import io.crowdpay.engine.wire.Encoder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.OS;
import net.openhft.chronicle.core.io.SingleThreadedChecked;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.posix.MSyncFlag;
import net.openhft.posix.PosixAPI;

/**
 * The input journal: a Chronicle Queue of commands, each stored as its journaled time followed by the
 * {@link CommandCodec} bytes. The system of record: every downstream store is rebuilt from it.
 *
 * <p>Appends land in the page cache; {@link #sync()} forces them to disk (msync MS_SYNC of the pages
 * written since the last sync, fdatasync of the file when that range is not in one mapping). The
 * journaller calls it once at the end of each batch (group commit) and only then lets the batch
 * through to the engine, so nothing is acknowledged before it is on disk.
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
    /** The cycle (queue file) of the last sync; MIN_VALUE until the first. */
    private int syncedCycle = Integer.MIN_VALUE;
    /** The write position in that cycle's file up to which everything is on disk. */
    private long syncedPosition;
    /** The file of {@link #syncedCycle}, open only to fdatasync it; null until needed. */
    private FileChannel channel;
    private File channelFile;
    /** Populates pages ahead of the appender (null when reading only, or switched off). */
    private final PageToucher toucher;
    private int appendsSinceReport;

    /**
     * System property that switches the {@link PageToucher} off ({@code -Dcrowdpay.journal.pretouch=false});
     * on by default.
     */
    public static final String PRETOUCH_PROPERTY = "crowdpay.journal.pretouch";

    private CommandJournal(Path directory, boolean readOnly) {
        ChronicleFlags.disableAnalytics();
        this.directory = directory;
        this.queue = SingleChronicleQueueBuilder.binary(directory)
                .syncMode(SyncMode.SYNC)
                .readOnly(readOnly)
                .build();
        this.toucher = readOnly || !Boolean.parseBoolean(System.getProperty(PRETOUCH_PROPERTY, "true")) ? null
                : new PageToucher("journal-toucher");
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
            // Only the journaller appends (see the class comment), so Chronicle's per-call check that the
            // appender stays on one thread is pure cost here: ~8% of an append in a JFR profile.
            if (appender instanceof SingleThreadedChecked checked) {
                checked.singleThreadedCheckDisabled(true);
            }
        }
        long index;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.writeLong(timestampMillis);
            bytes.write(encoder.array(), 0, encoder.length());
            index = dc.index();
        }
        unsyncedAppends++;
        if (toucher != null && ++appendsSinceReport == 64) {
            reportPosition();
        }
        return index;
    }

    /** Tells the toucher where the appender writes now. */
    private void reportPosition() {
        appendsSinceReport = 0;
        Bytes<?> bytes = appender.wire().bytes();
        if (bytes.bytesStore() instanceof MappedBytesStore store) {
            toucher.advanced(store.addressForWrite(store.start()), store.start(), store.safeLimit(), bytes.writePosition());
        }
    }

    /** Why the page toucher stopped, "off" when it was not started, or null while it runs. */
    String toucherStopped() {
        return toucher == null ? "off" : toucher.stopped();
    }

    /**
     * Forces every append so far to disk; a no-op when nothing was appended since the last sync. Throws
     * (and the caller must then treat the unsynced appends as lost) if the kernel reports a failure.
     *
     * <p>The common case is one msync(MS_SYNC) of just the pages written since the last sync: what
     * Chronicle's {@code appender.sync()} does too, but that one covers only the current 64 MiB chunk
     * mapping, so the part of a batch written just before a chunk boundary was left to the kernel's
     * writeback, and it only logs a failed msync. Here a range that is not within the current mapping
     * (a chunk boundary once per 64 MiB, a new cycle file, the first sync after opening) falls back to
     * fdatasync of the whole file(s), and every failure is an exception.
     */
    public void sync() {
        if (unsyncedAppends == 0 || appender == null) {
            return;
        }
        Bytes<?> bytes = appender.wire().bytes();
        long end = bytes.writePosition();
        int cycle = appender.cycle();
        try {
            if (cycle == syncedCycle && bytes.bytesStore() instanceof MappedBytesStore store
                    && store.start() <= syncedPosition && syncedPosition <= end && end <= store.safeLimit()) {
                msync(store, syncedPosition, end);
            } else {
                fdatasync(appender.currentFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal sync failed in " + directory, e);
        }
        syncedCycle = cycle;
        syncedPosition = end;
        unsyncedAppends = 0;
        queue.lastIndexMSynced(appender.lastIndexAppended());
        if (toucher != null) {
            reportPosition();
        }
    }

    /** msync(MS_SYNC) of the file range [from, to) through the mapping that holds it. */
    private static void msync(MappedBytesStore store, long from, long to) throws IOException {
        long page = OS.pageSize();
        long first = (from - store.start()) & -page;
        long last = (to - store.start() + page - 1) & -page;
        if (last <= first) {
            return;
        }
        long address = store.addressForWrite(store.start()) + first;
        PosixAPI posix = PosixAPI.posix();
        if (posix.msync(address, last - first, MSyncFlag.MS_SYNC) != 0) {
            throw new IOException("msync of " + (last - first) + " bytes failed: " + posix.lastErrorStr());
        }
    }

    /**
     * fdatasync of the current queue file, after the previous one when the queue rolled to a new file
     * since the last sync (its tail may not be on disk yet); a new file's directory entry is synced too.
     */
    private void fdatasync(File file) throws IOException {
        if (channel != null && !file.equals(channelFile)) {
            try (FileChannel previous = channel) {
                channel = null;
                previous.force(false);
            }
        }
        if (channel == null) {
            channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
            channelFile = file;
            try (FileChannel dir = FileChannel.open(file.toPath().toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
        channel.force(false);
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
        try {
            sync();
        } finally {
            try {
                if (toucher != null) {
                    toucher.close();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (appender != null) {
                    appender.close();
                }
                queue.close();
            }
        }
    }
}
