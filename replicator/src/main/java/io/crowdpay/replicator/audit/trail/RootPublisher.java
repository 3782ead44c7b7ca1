package io.crowdpay.replicator.audit.trail;

import io.crowdpay.replicator.audit.StoredRoot;
import io.crowdpay.replicator.audit.trail.AuditJson.PublishedRoot;
import io.crowdpay.replicator.jetstream.EventStreamException;
import io.crowdpay.replicator.jetstream.IncompatibleStreamException;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the stored roots to the audit-vault: one JetStream message per root, on one subject, in
 * batch order, each exactly once.
 *
 * <p>The record of what was published is the stream itself: its last message names the last
 * published batch (header {@value #BATCH_HEADER} and the body's {@code batch_number}), and the
 * publisher continues from the store's next root. Each message carries {@code Nats-Msg-Id} =
 * {@code audit-root-<batch>} (JetStream drops a repeat within the duplicate window) and
 * {@code Nats-Expected-Last-Sequence} (the server stores it only directly after the message the
 * publisher last saw), and messages go one at a time, each acknowledged before the next: roots are
 * few (one per 10,000 events or per time bound), so order and exactly-once matter more than
 * pipelining. The stream never ages messages out, so that last message is always there.
 *
 * <p>Before publishing, the last message is compared with the store's root of that batch: a stream
 * that holds a root the store does not (the trail was rebuilt, or the stream belongs to another
 * deployment) is refused loudly rather than taken as "published already".
 *
 * <p>Message body (JSON, keys sorted): {@code format} ("crowdpay.audit.root.v1"), {@code batch_number},
 * {@code first_sequence}, {@code last_sequence}, {@code leaf_count}, {@code merkle_root} and
 * {@code chain_head} (64 lowercase hex digits), {@code key_id} (16 hex digits), {@code signature}
 * (Ed25519 over {@code SignedRoot.signingInput()}, base64url without padding) and {@code signed_at}
 * (ISO-8601 UTC). Not thread-safe: the audit consumer's thread is its only caller.
 */
public final class RootPublisher {

    /** The batch number of the root in the message, so a reader can route without parsing JSON. */
    public static final String BATCH_HEADER = "Crowdpay-Audit-Batch";

    /** JetStream API error code for "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;
    /** JetStream API error code for "stream name already in use" (created by a concurrent publisher). */
    private static final int STREAM_NAME_IN_USE = 10058;

    private static final Logger LOG = LoggerFactory.getLogger(RootPublisher.class);

    /**
     * The stream and subject roots go to.
     *
     * @param streamName      {@code CROWDPAY_AUDIT} by default
     * @param subject         {@code crowdpay.audit.root.v1} by default; the stream captures only it
     * @param replicas        1 on a single server; 3 on a cluster
     * @param duplicateWindow how long JetStream remembers a {@code Nats-Msg-Id}: covers a retry after
     *                        a lost acknowledgement
     * @param bytesMax        the stream's disk bound; a root is about 500 bytes, so the default 1 GiB
     *                        holds two million roots (20 billion events in full batches), and when it
     *                        is reached the oldest roots go first, never the last one
     * @param ackWaitMax      how long one publication may wait for its acknowledgement
     */
    public record Settings(String streamName, String subject, int replicas, Duration duplicateWindow, long bytesMax,
                           Duration ackWaitMax) {

        public static final String STREAM_NAME = "CROWDPAY_AUDIT";
        public static final String SUBJECT = "crowdpay.audit.root.v1";
        public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
        public static final long BYTES_MAX = 1L << 30;
        public static final Duration ACK_WAIT_MAX = Duration.ofSeconds(5);

        private static final Pattern STREAM_NAME_SHAPE = Pattern.compile("[A-Za-z0-9_-]+");
        private static final Pattern SUBJECT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

        public Settings {
            if (streamName == null || !STREAM_NAME_SHAPE.matcher(streamName).matches()
                    || subject == null || !SUBJECT_SHAPE.matcher(subject).matches()) {
                throw new IllegalArgumentException("invalid audit stream name or subject: " + streamName + ", " + subject);
            }
            if (replicas < 1 || replicas > 5 || bytesMax < 1 || duplicateWindow == null || !duplicateWindow.isPositive()
                    || ackWaitMax == null || !ackWaitMax.isPositive()) {
                throw new IllegalArgumentException("replicas 1..5, positive bytes, duplicate window and ack wait");
            }
        }

        /** The documented production settings. */
        public static Settings defaults() {
            return new Settings(STREAM_NAME, SUBJECT, 1, DUPLICATE_WINDOW, BYTES_MAX, ACK_WAIT_MAX);
        }

        /** The same settings on another stream and subject: tests own theirs. */
        public Settings withNames(String streamName, String subject) {
            return new Settings(streamName, subject, replicas, duplicateWindow, bytesMax, ackWaitMax);
        }

        /**
         * FILE storage, since a memory stream would lose the publication record on a server restart;
         * LIMITS retention and no age limit, since interest or work-queue retention, or an age limit
         * on a quiet system, would delete the last message and with it that record.
         */
        StreamConfiguration toConfiguration() {
            return StreamConfiguration.builder()
                    .name(streamName)
                    .subjects(subject)
                    .storageType(StorageType.File)
                    .retentionPolicy(RetentionPolicy.Limits)
                    .replicas(replicas)
                    .duplicateWindow(duplicateWindow)
                    .maxAge(Duration.ZERO)
                    .maxBytes(bytesMax)
                    .discardPolicy(DiscardPolicy.Old)
                    .build();
        }
    }

    /** Where the stream ends: its last JetStream sequence and the batch of its last root (0 for none). */
    private record Tail(long streamSequence, long batchNumber) {
    }

    private final Connection connection;
    private JetStream jetStream;
    private JetStreamManagement management;
    private final Settings settings;
    /**
     * The stream's end as last seen, or null when unknown: at start and after any failure. Volatile
     * so that {@link #publishedThrough()} may be read from any thread; only one thread writes it.
     */
    private volatile Tail tail;

    public RootPublisher(Connection connection, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connection = connection;
        renewContexts();
    }

    /**
     * Makes fresh JetStream contexts on the connection. Called after every failure: contexts are
     * cheap, and one made before a reconnect was seen to keep timing out after it.
     */
    private void renewContexts() {
        try {
            this.jetStream = connection.jetStream();
            this.management = connection.jetStreamManagement();
        } catch (IOException e) {
            if (jetStream == null) {
                throw new IllegalStateException("no JetStream context on this connection", e);
            }
            // The connection is closing: keep the old contexts; the next attempt fails and says why.
        }
    }

    /** The last batch known to be in the stream, or -1 when the stream has to be read again first. */
    public long publishedThrough() {
        return tail == null ? -1 : tail.batchNumber();
    }

    /** Forgets where the stream ends, so the next call reads it again (after any failure upstream). */
    public void forget() {
        tail = null;
    }

    /**
     * Publishes the store's roots after the stream's last one, in order, at most {@code rootsMax},
     * each acknowledged before the next. Creates the stream on first use. On a failure the roots not
     * acknowledged stay in the store and the next call starts again from the stream's end.
     *
     * @return how many roots the stream stored now
     * @throws EventStreamException        when JetStream is unreachable, slow or refuses a message
     * @throws IncompatibleStreamException when the stream cannot be the record of this trail
     * @throws SQLException                when the store cannot be read
     */
    public int publishPending(AuditStore store, int rootsMax) throws EventStreamException, SQLException {
        try {
            return publishFromTail(store, rootsMax);
        } catch (EventStreamException e) {
            renewContexts();
            throw e;
        }
    }

    private int publishFromTail(AuditStore store, int rootsMax) throws EventStreamException, SQLException {
        if (tail == null) {
            tail = readTail(store);
        }
        List<StoredRoot> pending = store.rootsAfter(tail.batchNumber(), rootsMax);
        int published = 0;
        for (StoredRoot root : pending) {
            if (!publish(root)) {
                break;
            }
            published++;
        }
        return published;
    }

    /** Publishes one root right after the known tail; false when JetStream had it already (tail re-read later). */
    private boolean publish(StoredRoot root) throws EventStreamException {
        Tail before = tail;
        if (root.batchNumber() != before.batchNumber() + 1) {
            throw new IllegalStateException("the store's roots skip from batch " + before.batchNumber() + " to "
                    + root.batchNumber() + ", which its continuity check forbids");
        }
        tail = null; // unknown until acknowledged: a failure part-way leaves the stream to tell
        PublishOptions guard = PublishOptions.builder()
                .expectedStream(settings.streamName())
                .expectedLastSequence(before.streamSequence())
                .messageId(messageId(root.batchNumber()))
                .streamTimeout(settings.ackWaitMax())
                .build();
        NatsMessage message = NatsMessage.builder()
                .subject(settings.subject())
                .headers(new Headers().put(BATCH_HEADER, Long.toString(root.batchNumber())))
                .data(AuditJson.rootMessage(root))
                .build();
        try {
            PublishAck ack = jetStream.publish(message, guard);
            if (ack.isDuplicate()) {
                LOG.info("audit root {} was already in stream {} (an earlier attempt's acknowledgement was lost)",
                        root.batchNumber(), settings.streamName());
                return false;
            }
            tail = new Tail(ack.getSeqno(), root.batchNumber());
            return true;
        } catch (IOException | JetStreamApiException | IllegalStateException e) { // jnats: ISE when closed
            throw new EventStreamException("audit root " + root.batchNumber() + " was not acknowledged by stream "
                    + settings.streamName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code audit-root-<batch>}: stable for a stored root, so every retry of it is recognised. */
    static String messageId(long batchNumber) {
        return "audit-root-" + batchNumber;
    }

    private Tail readTail(AuditStore store) throws EventStreamException, SQLException {
        try {
            StreamState state = ensureStream().getStreamState();
            if (state.getMsgCount() == 0) {
                if (state.getLastSequence() > 0) {
                    LOG.warn("audit stream {} is empty after {} messages (purged): every stored root is published"
                            + " again from batch 1", settings.streamName(), state.getLastSequence());
                }
                return new Tail(state.getLastSequence(), 0);
            }
            MessageInfo last = management.getLastMessage(settings.streamName(), settings.subject());
            long batch = requireStored(store, AuditJson.parseRootMessage(last.getData()), last.getSeq());
            return new Tail(state.getLastSequence(), batch);
        } catch (IOException | JetStreamApiException | IllegalStateException e) { // jnats: ISE when closed
            throw new EventStreamException("could not read the end of audit stream " + settings.streamName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The stream's last root must be one the store holds, with the same root and head. */
    private long requireStored(AuditStore store, PublishedRoot published, long streamSequence) throws SQLException {
        if (published == null) {
            throw new IncompatibleStreamException("message " + streamSequence + " of audit stream " + settings.streamName()
                    + " is not an audit root: something else writes to " + settings.subject() + ". Stop it and delete"
                    + " that message; the publisher then goes on.");
        }
        Optional<StoredRoot> stored = store.root(published.batchNumber());
        boolean same = stored.isPresent() && stored.get().root().merkleRootHex().equals(published.merkleRootHex())
                && stored.get().root().chainHeadHex().equals(published.chainHeadHex());
        if (!same) {
            throw new IncompatibleStreamException("audit stream " + settings.streamName() + " ends with batch "
                    + published.batchNumber() + ", which the audit store " + (stored.isEmpty() ? "does not hold"
                    : "holds with another root") + ": the trail was rebuilt, or the stream belongs to another"
                    + " deployment. Back the stream up and delete it; the publisher then publishes this trail from batch 1.");
        }
        return published.batchNumber();
    }

    /** Finds the stream, or creates it; an existing one must keep roots for ever on our subject. */
    private StreamInfo ensureStream() throws IOException, JetStreamApiException {
        try {
            return requireCompatible(management.getStreamInfo(settings.streamName()));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
        }
        try {
            StreamInfo created = management.addStream(settings.toConfiguration());
            LOG.info("created JetStream stream {} on {}", settings.streamName(), settings.subject());
            return created;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NAME_IN_USE) {
                return requireCompatible(management.getStreamInfo(settings.streamName()));
            }
            throw e;
        }
    }

    private StreamInfo requireCompatible(StreamInfo info) {
        StreamConfiguration have = info.getConfiguration();
        boolean ok = have.getStorageType() == StorageType.File && have.getRetentionPolicy() == RetentionPolicy.Limits
                && have.getSubjects().contains(settings.subject())
                && (have.getMaxAge() == null || have.getMaxAge().isZero());
        if (!ok) {
            throw new IncompatibleStreamException("JetStream stream " + settings.streamName() + " exists with storage "
                    + have.getStorageType() + ", retention " + have.getRetentionPolicy() + ", subjects " + have.getSubjects()
                    + ", max age " + have.getMaxAge() + "; the audit needs FILE, LIMITS, " + settings.subject()
                    + " and no max age, so that its last message (the publication record) is never lost");
        }
        return info;
    }
}
