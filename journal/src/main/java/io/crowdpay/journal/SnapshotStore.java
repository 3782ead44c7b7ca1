package io.crowdpay.journal;

import io.crowdpay.engine.Snapshots;
import io.crowdpay.engine.StateHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Snapshots of the engine state on disk, each named by the journal index it includes
 * ({@code snapshot-<16 hex digits>.bin}). A file holds a header (magic, journal index, the SHA-256 of
 * the state bytes) and the state bytes. Written to a temporary file, fsynced, then renamed, then the
 * directory is fsynced: a crash leaves the old snapshot or the new one, never half of one. The newest
 * {@value #KEEP} are kept.
 */
public final class SnapshotStore {

    static final int KEEP = 2;
    /** {@link #write(long, Consumer, long)} with no pace. */
    public static final long UNPACED = Long.MAX_VALUE;
    static final int FORCE_EVERY_BYTES = 16 << 20;
    /** Magic, journal index, hash length, the hex SHA-256, state length. */
    private static final int HEADER_BYTES = 8 + 8 + 4 + 64 + 4;
    private static final long MAGIC = 0x4350534e41505631L; // "CPSNAPV1"

    private final Path directory;

    /** A snapshot read back: the journal index it includes, its state hash, the state bytes. */
    public record Snapshot(long journalIndex, String stateHash, byte[] state, Path file) {
    }

    public SnapshotStore(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes the temporary files of snapshots never finished (the process was killed while writing
     * one). Only for the process that writes snapshots here, before it starts to: a tool run beside a
     * live service must not take the file the service is writing.
     */
    public void deleteUnfinished() {
        try (Stream<Path> s = Files.list(directory)) {
            s.filter(p -> p.getFileName().toString().matches("snapshot-[0-9a-f]{16}\\.bin\\.tmp")).forEach(SnapshotStore::deleteQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** Writes a snapshot durably and prunes old ones; answers the file written. */
    public Path write(long journalIndex, byte[] state) {
        return write(journalIndex, sink -> sink.write(state, 0, state.length), UNPACED);
    }

    /**
     * Writes a snapshot as {@code body} encodes it, a chunk at a time, at no more than
     * {@code bytesPerSecond} on average ({@link #UNPACED}: as fast as it comes), forcing it to disk
     * every {@value #FORCE_EVERY_BYTES} bytes. Meant for the background writer: a 356 MB image written
     * and forced in one go took a core for 0.7-2 s and queued its pages at the disk ahead of the
     * journal's next sync; paced, it takes a few seconds and leaves both to the requests.
     */
    public Path write(long journalIndex, Consumer<Snapshots.Sink> body, long bytesPerSecond) {
        Path target = directory.resolve(String.format("snapshot-%016x.bin", journalIndex));
        Path tmp = directory.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            Body out = new Body(ch, bytesPerSecond);
            body.accept(out);
            byte[] hashBytes = HexFormat.of().formatHex(out.sha.digest()).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            header.putLong(MAGIC).putLong(journalIndex).putInt(hashBytes.length).put(hashBytes).putInt(out.length()).flip();
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // A half-written image must not stay behind: each would hold up to 2 GiB of disk.
            deleteQuietly(tmp);
            throw e instanceof IOException io ? new UncheckedIOException("writing snapshot " + target, io) : (RuntimeException) e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory();
            prune();
        } catch (IOException e) {
            throw new UncheckedIOException("installing snapshot " + target, e);
        }
        return target;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Best effort: the next store opened on this directory tries again.
        }
    }

    /**
     * The state bytes after the header: hashed and written as they come, paced, forced in steps.
     * An interrupt (the service stopping) ends the write with an error, so that stopping does not
     * wait for a paced write whose snapshot the final one replaces.
     */
    private static final class Body implements Snapshots.Sink {
        private final FileChannel channel;
        private final long bytesPerSecond;
        private final long startNanos = System.nanoTime();
        private final MessageDigest sha = StateHash.sha256Digest();
        private long written;
        private long unforced;

        Body(FileChannel channel, long bytesPerSecond) throws IOException {
            this.channel = channel;
            this.bytesPerSecond = bytesPerSecond;
            channel.position(HEADER_BYTES);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (written + length > Integer.MAX_VALUE) {
                throw new UncheckedIOException(new IOException("a snapshot is limited to 2 GiB of state; lower capacity.idempotency_keys_max"));
            }
            stopIfInterrupted();
            sha.update(bytes, offset, length);
            try {
                ByteBuffer chunk = ByteBuffer.wrap(bytes, offset, length);
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
                written += length;
                unforced += length;
                if (unforced >= FORCE_EVERY_BYTES) {
                    channel.force(false);
                    unforced = 0;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (bytesPerSecond != UNPACED) {
                long ahead = written * 1_000_000_000L / bytesPerSecond - (System.nanoTime() - startNanos);
                if (ahead > 0) {
                    LockSupport.parkNanos(ahead);
                }
                stopIfInterrupted();
            }
        }

        private static void stopIfInterrupted() {
            if (Thread.currentThread().isInterrupted()) {
                throw new UncheckedIOException(new java.io.InterruptedIOException("snapshot write interrupted"));
            }
        }

        int length() {
            return (int) written;
        }
    }

    /** The newest snapshot whose bytes match their recorded hash; a damaged one is skipped, loudly. */
    public Optional<Snapshot> latest() {
        for (Path file : files().reversed()) {
            try {
                return Optional.of(read(file));
            } catch (IOException | RuntimeException e) {
                System.err.println("crowdpay: skipping unreadable snapshot " + file + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    public static Snapshot read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        if (in.remaining() < 24 || in.getLong() != MAGIC) {
            throw new IOException("not a snapshot file");
        }
        long index = in.getLong();
        int hashLength = in.getInt();
        if (hashLength != 64 || in.remaining() < hashLength + 4) {
            throw new IOException("bad snapshot header");
        }
        byte[] hashBytes = new byte[hashLength];
        in.get(hashBytes);
        int length = in.getInt();
        if (length != in.remaining()) {
            throw new IOException("snapshot truncated: " + in.remaining() + " of " + length + " bytes");
        }
        byte[] state = new byte[length];
        in.get(state);
        String hash = new String(hashBytes, java.nio.charset.StandardCharsets.US_ASCII);
        if (!hash.equals(StateHash.sha256(state))) {
            throw new IOException("snapshot bytes do not match their hash");
        }
        return new Snapshot(index, hash, state, file);
    }

    /** Snapshot files, oldest first. */
    public List<Path> files() {
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> p.getFileName().toString().matches("snapshot-[0-9a-f]{16}\\.bin")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = files();
        for (int i = 0; i < all.size() - KEEP; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    private void fsyncDirectory() {
        // Makes the rename itself durable. Linux allows opening a directory for reading to fsync it.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // Some file systems refuse; the data file itself was forced, and the rename is atomic.
        }
    }
}
