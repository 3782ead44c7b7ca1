package io.crowdpay.replicator.audit.trail;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditBatches;
import io.crowdpay.replicator.audit.AuditSigner;
import io.crowdpay.replicator.audit.ChainLink;
import io.crowdpay.replicator.audit.MerkleTree;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.StoredRoot;
import io.crowdpay.replicator.consumer.EventConsumer;
import io.crowdpay.replicator.jetstream.EventStreamException;
import io.crowdpay.replicator.jetstream.IncompatibleStreamException;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import java.security.KeyPair;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Merkle audit as a downstream consumer ({@value #NAME}): it chains every event it is handed into
 * the open batch, and seals the batch (Merkle root and chain head, signed with Ed25519) when it holds
 * {@link Settings#batchEventsMax()} events or has been open for {@link Settings#partialBatchMillisMax()}.
 * A sealed batch is stored (root and links in one transaction), then published to JetStream.
 *
 * <p>Its checkpoint is the last sequence of the last stored root. The open batch lives only in
 * memory: after a crash, or any failure (after which the runner calls {@link #checkpoint()}), the
 * events after the checkpoint are handed over again and give the same links, and Ed25519 signs the
 * same root the same way, so a redelivery changes nothing. Time bound: an event is signed at most
 * {@code partialBatchMillisMax} plus one tick after the auditor received it (60 s by default).
 *
 * <p>Publication never holds up the audit: a stored root that JetStream did not take stays in the
 * store and is published on a later tick, in order, after a back-off that doubles from one second
 * up to {@link Settings#publishRetryMillisMax()}. Without a NATS connection roots are stored only.
 */
public final class AuditConsumer implements EventConsumer {

    public static final String NAME = "audit";

    /** Roots published per attempt at most, so catching up after an outage never stalls the audit for long. */
    static final int ROOTS_PER_ATTEMPT_MAX = 1_000;

    private static final long PUBLISH_RETRY_MILLIS_MIN = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(AuditConsumer.class);

    /**
     * @param batchEventsMax         events per batch, 1..{@link MerkleTree#BATCH_EVENTS_MAX}
     * @param partialBatchMillisMax  how long a batch may stay open from its first event, in ms of the
     *                               auditor's clock
     * @param publishRetryMillisMax  the longest wait between two publication attempts while
     *                               JetStream is failing
     */
    public record Settings(int batchEventsMax, long partialBatchMillisMax, long publishRetryMillisMax) {

        /** 10,000 events, 60 s, retry publication at least every 30 s. */
        public static final Settings DEFAULTS =
                new Settings(MerkleTree.BATCH_EVENTS_MAX, MerkleTree.PARTIAL_BATCH_MILLIS_MAX, 30_000);

        public Settings {
            if (batchEventsMax < 1 || batchEventsMax > MerkleTree.BATCH_EVENTS_MAX || partialBatchMillisMax < 1
                    || publishRetryMillisMax < PUBLISH_RETRY_MILLIS_MIN) {
                throw new IllegalArgumentException("a batch holds 1.." + MerkleTree.BATCH_EVENTS_MAX + " events, waits"
                        + " at least 1 ms, and publication is retried at most every " + PUBLISH_RETRY_MILLIS_MIN + " ms");
            }
        }

        public Settings withPartialBatchMillisMax(long millis) {
            return new Settings(batchEventsMax, millis, publishRetryMillisMax);
        }

        public Settings withBatchEventsMax(int events) {
            return new Settings(events, partialBatchMillisMax, publishRetryMillisMax);
        }
    }

    private final AuditStore store;
    private final AuditSigner signer;
    private final RootPublisher publisher;
    private final Settings settings;
    private final LongSupplier clockMillis;
    private final List<ChainLink> openLinks = new ArrayList<>();
    /** The running chain; null until {@link #checkpoint()} and after a failure, so nothing runs on stale state. */
    private AuditBatches batches;
    private long sealedThrough;
    /** Volatile, with {@link #publicationFailure}: metrics and /readyz read them from other threads. */
    private volatile long lastBatch;
    private long nextSequence;
    private long publishAtMillis;
    private long publishBackoffMillis;
    private volatile String publicationFailure;

    /**
     * @param store       the audit tables; closed with this consumer
     * @param publisher   where roots go once stored, or null to store only (no NATS configured)
     * @param clockMillis the auditor's clock, which opens batches; the runner's tick time is the same clock
     */
    public AuditConsumer(AuditStore store, AuditSigner signer, RootPublisher publisher, Settings settings, LongSupplier clockMillis) {
        this.store = Objects.requireNonNull(store, "store");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.publisher = publisher;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /**
     * The service's audit: a store on the event store's schema, roots signed with {@code keys}, and
     * published to {@link RootPublisher.Settings#defaults()} when {@code nats} is not null.
     */
    public static AuditConsumer open(DatabaseUrl url, Schema schema, KeyPair keys, io.nats.client.Connection nats,
                                     Settings settings) throws SQLException {
        return open(url, schema, keys, nats, settings, RootPublisher.Settings.defaults());
    }

    /** As {@link #open(DatabaseUrl, Schema, KeyPair, io.nats.client.Connection, Settings)}, on another stream and subject. */
    public static AuditConsumer open(DatabaseUrl url, Schema schema, KeyPair keys, io.nats.client.Connection nats,
                                     Settings settings, RootPublisher.Settings stream) throws SQLException {
        AuditSigner signer = new AuditSigner(keys);
        AuditStore store = AuditStore.open(url, schema);
        RootPublisher publisher = nats == null ? null : new RootPublisher(nats, stream);
        return new AuditConsumer(store, signer, publisher, settings, System::currentTimeMillis);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Resumes after the last stored root (or from genesis) and drops the open batch. */
    @Override
    public long checkpoint() throws SQLException {
        batches = null;
        openLinks.clear();
        Optional<StoredRoot> last = store.lastRoot();
        SignedRoot root = last.map(StoredRoot::root).orElse(null);
        batches = root == null
                ? AuditBatches.fromGenesis(settings.batchEventsMax(), settings.partialBatchMillisMax())
                : AuditBatches.after(root, settings.batchEventsMax(), settings.partialBatchMillisMax());
        sealedThrough = root == null ? 0 : root.lastSequence();
        lastBatch = root == null ? 0 : root.batchNumber();
        nextSequence = sealedThrough + 1;
        if (publisher != null) {
            publisher.forget();
        }
        publishAtMillis = 0;
        LOG.info("audit resumes after batch {} (event {}), signing with key {}", lastBatch, sealedThrough, signer.keyId());
        return sealedThrough;
    }

    /**
     * Chains the events after those already chained (a redelivered prefix is skipped) and seals each
     * batch that fills up. A gap is refused: an audit that skipped an event must stop, not drift.
     */
    @Override
    public long deliver(List<EventRecord> batch) throws SQLException {
        AuditBatches running = requireRunning();
        long now = clockMillis.getAsLong();
        try {
            for (EventRecord event : batch) {
                if (event.sequence() < nextSequence) {
                    continue;
                }
                openLinks.add(running.append(event, now));
                nextSequence++;
                if (running.isDue(now)) {
                    seal(running, now);
                }
            }
        } catch (SQLException | RuntimeException e) {
            batches = null;
            throw e;
        }
        publishIfDue(now);
        return sealedThrough;
    }

    /** Seals the open batch once it has waited its time bound, and retries publication that is due. */
    @Override
    public long tick(long nowMillis) throws SQLException {
        AuditBatches running = requireRunning();
        try {
            if (running.isDue(nowMillis)) {
                seal(running, nowMillis);
            }
        } catch (SQLException | RuntimeException e) {
            batches = null;
            throw e;
        }
        publishIfDue(nowMillis);
        return sealedThrough;
    }

    /** Events chained but not sealed yet, held in memory only; read it on the consumer's thread. */
    public int openEvents() {
        return openLinks.size();
    }

    /**
     * Stored roots that JetStream has not acknowledged yet, safe to read from any thread: -1 while
     * unknown (before the first attempt, or after a failure until the stream answers again), 0
     * without NATS.
     */
    public long unpublishedRoots() {
        if (publisher == null) {
            return 0;
        }
        long published = publisher.publishedThrough();
        return published < 0 ? -1 : lastBatch - published;
    }

    /** Why the last publication attempt failed, or null when it did not (or there is no NATS). */
    public String publicationFailure() {
        return publicationFailure;
    }

    private AuditBatches requireRunning() {
        if (batches == null) {
            throw new IllegalStateException("the audit has no position: call checkpoint() first (at start and after a failure)");
        }
        return batches;
    }

    private void seal(AuditBatches running, long now) throws SQLException {
        SignedRoot root = running.seal(signer);
        store.seal(new StoredRoot(root, now), List.copyOf(openLinks));
        openLinks.clear();
        sealedThrough = root.lastSequence();
        lastBatch = root.batchNumber();
        LOG.debug("sealed audit batch {}: events {}..{}, root {}", root.batchNumber(), root.firstSequence(),
                root.lastSequence(), root.merkleRootHex());
    }

    private void publishIfDue(long now) {
        if (publisher == null || now < publishAtMillis || publisher.publishedThrough() == lastBatch) {
            return;
        }
        try {
            int published = publisher.publishPending(store, ROOTS_PER_ATTEMPT_MAX);
            if (publicationFailure != null) {
                LOG.info("audit roots are published again ({} now); JetStream had failed with: {}", published, publicationFailure);
            }
            publicationFailure = null;
            publishBackoffMillis = 0;
        } catch (EventStreamException | IncompatibleStreamException | SQLException e) {
            publishBackoffMillis = Math.min(settings.publishRetryMillisMax(),
                    Math.max(PUBLISH_RETRY_MILLIS_MIN, 2 * publishBackoffMillis));
            publishAtMillis = now + publishBackoffMillis;
            if (publicationFailure == null || e instanceof IncompatibleStreamException) {
                LOG.warn("audit roots stay stored but unpublished (retry in {} ms): {}", publishBackoffMillis, e.getMessage());
            }
            publicationFailure = e.getMessage();
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
