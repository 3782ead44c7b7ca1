package io.crowdpay.replicator.jetstream;

import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stream the publisher writes to, with the settings {@link EventStream#ensureStream} creates or
 * checks. {@link #defaults()} are the documented production values; tests change only the names so
 * that each owns its stream.
 *
 * @param streamName      JetStream stream name, {@code CROWDPAY_EVENTS} by default
 * @param subjectPrefix   first subject tokens, {@code crowdpay} by default; the stream takes
 *                        {@code <prefix>.tx.>}
 * @param storage         FILE: a memory stream loses everything on a server restart, and with it the
 *                        publisher's checkpoint
 * @param replicas        1 on a single server; 3 on a cluster
 * @param duplicateWindow how long JetStream remembers a {@code Nats-Msg-Id}; it covers a publisher
 *                        restart, not an outage, which is why consumers dedupe too
 * @param ageMax          messages older than this are dropped (consumers must keep up within it)
 * @param bytesMax        the stream's disk bound; the oldest messages go first when it is reached
 * @param discard         OLD: a full stream drops its oldest messages rather than refusing events,
 *                        since the journal, not the stream, is the record
 */
public record StreamSettings(String streamName, String subjectPrefix, StorageType storage, int replicas,
                             Duration duplicateWindow, Duration ageMax, long bytesMax, DiscardPolicy discard) {

    public static final String STREAM_NAME = "CROWDPAY_EVENTS";
    public static final String SUBJECT_PREFIX = "crowdpay";
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
    public static final Duration AGE_MAX = Duration.ofDays(7);
    public static final long BYTES_MAX = 10L * 1024 * 1024 * 1024;

    private static final Pattern STREAM_NAME_SHAPE = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PREFIX_SHAPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public StreamSettings {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(discard, "discard");
        require(streamName != null && STREAM_NAME_SHAPE.matcher(streamName).matches(), "stream name", streamName);
        require(subjectPrefix != null && PREFIX_SHAPE.matcher(subjectPrefix).matches(), "subject prefix", subjectPrefix);
        require(replicas >= 1 && replicas <= 5, "replicas (1..5)", replicas);
        require(bytesMax > 0, "bytesMax", bytesMax);
        require(duplicateWindow != null && duplicateWindow.isPositive(), "duplicate window", duplicateWindow);
        // JetStream refuses a duplicate window longer than the max age; say so before it does.
        require(ageMax != null && ageMax.compareTo(duplicateWindow) >= 0, "ageMax (>= duplicate window)", ageMax);
    }

    /** The documented production settings. */
    public static StreamSettings defaults() {
        return new StreamSettings(STREAM_NAME, SUBJECT_PREFIX, StorageType.File, 1,
                DUPLICATE_WINDOW, AGE_MAX, BYTES_MAX, DiscardPolicy.Old);
    }

    public StreamSettings withNames(String streamName, String subjectPrefix) {
        return new StreamSettings(streamName, subjectPrefix, storage, replicas, duplicateWindow, ageMax, bytesMax, discard);
    }

    public StreamSettings withBytesMax(long bytesMax) {
        return new StreamSettings(streamName, subjectPrefix, storage, replicas, duplicateWindow, ageMax, bytesMax, discard);
    }

    public StreamSettings withStorage(StorageType storage) {
        return new StreamSettings(streamName, subjectPrefix, storage, replicas, duplicateWindow, ageMax, bytesMax, discard);
    }

    public StreamSettings withDuplicateWindow(Duration duplicateWindow) {
        return new StreamSettings(streamName, subjectPrefix, storage, replicas, duplicateWindow, ageMax, bytesMax, discard);
    }

    /** The subjects the stream captures: transaction events only, see {@link EventSubjects}. */
    public List<String> subjects() {
        return List.of(subjectPrefix + "." + EventSubjects.TRANSACTION_TOKEN + ".>");
    }

    public EventSubjects eventSubjects() {
        return new EventSubjects(subjectPrefix);
    }

    /**
     * The jnats configuration. Retention is LIMITS because the checkpoint is the stream's last
     * message: a work-queue or interest stream would delete it once consumed.
     */
    StreamConfiguration toConfiguration() {
        return StreamConfiguration.builder()
                .name(streamName)
                .subjects(subjects())
                .storageType(storage)
                .retentionPolicy(RetentionPolicy.Limits)
                .replicas(replicas)
                .duplicateWindow(duplicateWindow)
                .maxAge(ageMax)
                .maxBytes(bytesMax)
                .discardPolicy(discard)
                .build();
    }

    private static void require(boolean ok, String what, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid stream setting " + what + ": " + value);
        }
    }
}
