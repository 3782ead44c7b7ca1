package io.crowdpay.journal;

import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.core.OS;
import net.openhft.posix.PosixAPI;

/**
 * Populates the page tables of the journal's mapped file ahead of its write position, on a thread of
 * its own, so the appending thread does not take a page fault every 4 KiB it writes. Each such fault
 * allocates and zeroes a page for the file; on this VM that was about a third of an append's time
 * ({@code perf}: the kernel zero-filling new mapped pages), all of it on the journaller, the one thread
 * every command waits for. Chronicle's own pretoucher does this job in its commercial edition.
 *
 * <p>How: {@code madvise(MADV_POPULATE_WRITE)} (Linux 5.14+) over the next {@value #AHEAD_BYTES} bytes
 * of the mapping the appender writes in. It faults the pages in exactly as a write would, without
 * writing, so it cannot change a byte of the journal. The toucher never touches the memory itself: if
 * the appender has moved on and the old mapping is gone, the call only fails (ENOMEM) and the next
 * window is populated instead. Where the call is not supported (another OS, an older kernel) the
 * toucher stops after its first attempt and the appender takes its own page faults, as before.
 *
 * <p>The appending thread reports where it writes ({@link #advanced}); the toucher sleeps until the write
 * position comes within half a window of what is populated, so an idle journal costs nothing.
 */
final class PageToucher implements AutoCloseable {

    /** How far ahead of the write position pages are populated. */
    static final long AHEAD_BYTES = 8L << 20;
    /** One madvise call at most this long, so a window is ready in steps the appender can use at once. */
    private static final long STEP_BYTES = 512L << 10;
    /** MADV_POPULATE_WRITE from linux/mman.h. */
    private static final int MADV_POPULATE_WRITE = 23;
    /** Longest sleep between looks when not woken: bounds the cost of a missed wake-up. */
    private static final long IDLE_PARK_NANOS = 100_000_000L;

    /** The mapping the appender writes in: its address for file offset {@code start}, up to {@code limit}. */
    private record Mapping(long address, long start, long limit) {
    }

    private final Thread thread;
    private volatile Mapping mapping;
    private volatile long position;
    /** File offset up to which the current mapping is populated. */
    private volatile long populatedUntil;
    private volatile boolean closed;
    /** Why the toucher stopped (the call is not supported here), or null while it runs. */
    private volatile String stopped;
    /** Toucher thread only: bytes populated so far; zero means the call has never worked here. */
    private long populatedBytes;

    PageToucher(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Appending thread: it writes at file offset {@code writePosition} in the mapping of offsets
     * [{@code start}, {@code limit}) whose first byte is at {@code address}.
     */
    void advanced(long address, long start, long limit, long writePosition) {
        Mapping m = mapping;
        if (m == null || m.address != address || m.start != start || m.limit != limit) {
            mapping = new Mapping(address, start, limit);
            populatedUntil = writePosition;
        }
        position = writePosition;
        if (writePosition + AHEAD_BYTES / 2 > populatedUntil && stopped == null) {
            LockSupport.unpark(thread);
        }
    }

    /** Null while it works; otherwise why it stopped. */
    String stopped() {
        return stopped;
    }

    private void run() {
        long page = OS.pageSize();
        PosixAPI posix;
        try {
            posix = PosixAPI.posix();
        } catch (RuntimeException | LinkageError e) {
            stopped = "no POSIX API: " + e;
            return;
        }
        Mapping current = null;
        long from = 0;
        while (!closed) {
            Mapping m = mapping;
            long at = position;
            if (m != current) {
                current = m;
                from = at;
            }
            if (current != null) {
                long start = (Math.max(from, at) + page - 1) & -page;
                long end = Math.min(at + AHEAD_BYTES, current.limit) & -page;
                while (start < end && !closed && mapping == current) {
                    long length = Math.min(STEP_BYTES, end - start);
                    int rc = posix.madvise(current.address + (start - current.start), length, MADV_POPULATE_WRITE);
                    if (rc != 0) {
                        String error = posix.lastErrorStr();
                        if (populatedBytes == 0 && current == mapping) {
                            // Never worked: not supported here (EINVAL on kernels before 5.14).
                            stopped = "madvise(MADV_POPULATE_WRITE) failed: " + error;
                            return;
                        }
                        break; // the mapping moved on under us; the next one gets its turn
                    }
                    populatedBytes += length;
                    start += length;
                    from = start;
                    populatedUntil = start;
                }
            }
            // Sleep unless the appender moved to another mapping or came near the end of this window meanwhile.
            if (current == null || (mapping == current && position + AHEAD_BYTES / 2 <= populatedUntil)) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
