package io.crowdpay.replicator.log;

import io.crowdpay.replicator.EventRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One consumer's cursor over the {@link EventLog}: hands out the events after its position, in
 * order, never past the log's visible head. Not thread-safe: one consumer thread owns it.
 */
public final class EventLogReader implements AutoCloseable {

    /** The log no longer holds (or never held) the events a consumer asked for. */
    public static final class Missing extends IllegalStateException {
        Missing(String message) {
            super(message);
        }
    }

    private final EventLog log;
    private long last;
    private SegmentScanner scanner;

    EventLogReader(EventLog log, long afterSequence) {
        if (afterSequence < 0) {
            throw new IllegalArgumentException("position must be >= 0");
        }
        this.log = log;
        this.last = afterSequence;
    }

    /** The last sequence handed out (or the starting position). */
    public long position() {
        return last;
    }

    /** Up to {@code max} events after the position that are visible now; empty when caught up. */
    public List<EventRecord> read(int max) {
        long limit = log.head();
        if (last >= limit || max <= 0) {
            return List.of();
        }
        List<EventRecord> out = new ArrayList<>((int) Math.min(max, limit - last));
        try {
            if (scanner == null) {
                scanner = new SegmentScanner(segmentHolding(last + 1));
            }
            while (out.size() < max && last < limit) {
                EventRecord record = scanner.next();
                if (record == null) {
                    if (scanner.torn()) {
                        throw new IllegalStateException("event log segment " + scanner.file + " is damaged after sequence " + last);
                    }
                    scanner.close();
                    scanner = new SegmentScanner(segmentStarting(last + 1));
                    continue;
                }
                if (record.sequence() <= last) {
                    continue; // moving from the segment's start to the position
                }
                if (record.sequence() != last + 1) {
                    throw new IllegalStateException("event log jumps from " + last + " to " + record.sequence());
                }
                out.add(record);
                last = record.sequence();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the event log", e);
        }
        return out;
    }

    private Path segmentHolding(long sequence) {
        Path found = null;
        for (Path segment : EventLog.segments(log.directory())) {
            if (EventLog.firstSequenceOf(segment) <= sequence) {
                found = segment;
            }
        }
        if (found == null) {
            throw new Missing("the event log no longer holds event " + sequence + "; rebuild this consumer's store");
        }
        return found;
    }

    private Path segmentStarting(long sequence) {
        for (Path segment : EventLog.segments(log.directory())) {
            if (EventLog.firstSequenceOf(segment) == sequence) {
                return segment;
            }
        }
        throw new IllegalStateException("event log: no segment starts at " + sequence + " after the previous one ended");
    }

    @Override
    public void close() {
        if (scanner != null) {
            scanner.close();
            scanner = null;
        }
    }

    /** Reads one segment's records from the start, stopping at its end or at the first damaged one. */
    static final class SegmentScanner implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        /** One per scanner, reset per record: the read model reads every event back. */
        private final CRC32C checksum = new CRC32C();
        private long filePosition;
        private long recordEnd;
        private boolean torn;

        SegmentScanner(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            buffer.flip();
        }

        /** The next intact record, or null at the end of what is written (or at damage: see torn()). */
        EventRecord next() throws IOException {
            if (!ensure(8)) {
                return null;
            }
            int length = buffer.getInt(buffer.position());
            int crc = buffer.getInt(buffer.position() + 4);
            if (length <= 0 || length > EventCodec.BODY_BYTES_MAX) {
                torn = true;
                return null;
            }
            if (!ensure(8 + length)) {
                return null;
            }
            ByteBuffer body = buffer.slice(buffer.position() + 8, length);
            if (EventCodec.crc(checksum, body) != crc) {
                torn = true;
                return null;
            }
            EventRecord record;
            try {
                record = EventCodec.decode(body);
            } catch (RuntimeException e) {
                torn = true;
                return null;
            }
            buffer.position(buffer.position() + 8 + length);
            recordEnd += 8 + length;
            return record;
        }

        /** File offset just after the last record returned. */
        long position() {
            return recordEnd;
        }

        boolean torn() {
            return torn;
        }

        /** Makes at least n bytes available in the buffer; false if the file has fewer now. */
        private boolean ensure(int n) throws IOException {
            if (buffer.remaining() >= n) {
                return true;
            }
            if (n > buffer.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocate(Integer.highestOneBit(n) << 1);
                bigger.put(buffer);
                buffer = bigger;
            } else {
                buffer.compact();
            }
            while (buffer.position() < n) {
                int read = channel.read(buffer, filePosition);
                if (read <= 0) {
                    break;
                }
                filePosition += read;
            }
            buffer.flip();
            return buffer.remaining() >= n;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only handle
            }
        }
    }
}
