package io.crowdpay.replicator.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The stream as the publisher needs it: created or checked at start ({@link #ensureStream}), and its
 * tail read back as the publisher's checkpoint ({@link #readTail}).
 */
public final class EventStream {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    /** JetStream API error codes: the "err_code" of the server's error responses. */
    static final int STREAM_NOT_FOUND = 10059;
    static final int STREAM_NAME_IN_USE = 10058;

    /**
     * Where the stream ends: its last JetStream sequence (what the next message must follow) and the
     * engine sequence of the last event in it, 0 when it holds none.
     */
    record Tail(long streamSequence, long eventSequence) {
    }

    private EventStream() {
    }

    /**
     * Creates the stream if it is missing; if it exists, updates the settings that can change in
     * place (subjects, duplicate window, limits, replicas, discard) and refuses those that cannot.
     *
     * @throws IncompatibleStreamException if the stream's storage or retention differs
     */
    public static StreamInfo ensureStream(JetStreamManagement jsm, StreamSettings settings) throws EventStreamException {
        try {
            StreamInfo existing = find(jsm, settings.streamName());
            return existing == null ? create(jsm, settings) : reconcile(jsm, existing, settings);
        } catch (IOException | JetStreamApiException | IllegalStateException e) { // jnats: ISE when closed
            throw new EventStreamException("could not create or check JetStream stream " + settings.streamName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static StreamInfo find(JetStreamManagement jsm, String name) throws IOException, JetStreamApiException {
        try {
            return jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static StreamInfo create(JetStreamManagement jsm, StreamSettings settings)
            throws IOException, JetStreamApiException {
        try {
            StreamInfo created = jsm.addStream(settings.toConfiguration());
            log.info("created JetStream stream {} on {}", settings.streamName(), settings.subjects());
            return created;
        } catch (JetStreamApiException e) {
            // Another publisher created it between our look-up and our add: check that one instead.
            if (e.getApiErrorCode() == STREAM_NAME_IN_USE) {
                return reconcile(jsm, jsm.getStreamInfo(settings.streamName()), settings);
            }
            throw e;
        }
    }

    private static StreamInfo reconcile(JetStreamManagement jsm, StreamInfo existing, StreamSettings settings)
            throws IOException, JetStreamApiException {
        StreamConfiguration have = existing.getConfiguration();
        List<String> incompatible = incompatibilities(have, settings);
        if (!incompatible.isEmpty()) {
            throw new IncompatibleStreamException("JetStream stream " + settings.streamName() + " exists but "
                    + String.join("; ", incompatible) + ". These cannot change in place: back the stream up if"
                    + " needed, delete it and restart (the publisher republishes from the event log).");
        }
        List<String> changes = differences(have, settings);
        if (changes.isEmpty()) {
            return existing;
        }
        log.info("updating JetStream stream {}: {}", settings.streamName(), String.join("; ", changes));
        return jsm.updateStream(settings.toConfiguration());
    }

    private static List<String> incompatibilities(StreamConfiguration have, StreamSettings want) {
        List<String> found = new ArrayList<>();
        if (have.getStorageType() != want.storage()) {
            found.add("has " + have.getStorageType() + " storage, expected " + want.storage());
        }
        // The checkpoint is the stream's last message; any retention but LIMITS may delete it.
        if (have.getRetentionPolicy() != RetentionPolicy.Limits) {
            found.add("has " + have.getRetentionPolicy() + " retention, expected " + RetentionPolicy.Limits);
        }
        return found;
    }

    private static List<String> differences(StreamConfiguration have, StreamSettings want) {
        List<String> found = new ArrayList<>();
        note(found, "subjects", new HashSet<>(have.getSubjects()), new HashSet<>(want.subjects()));
        note(found, "duplicate window", have.getDuplicateWindow(), want.duplicateWindow());
        note(found, "max age", have.getMaxAge(), want.ageMax());
        note(found, "max bytes", have.getMaxBytes(), want.bytesMax());
        note(found, "discard", have.getDiscardPolicy(), want.discard());
        note(found, "replicas", have.getReplicas(), want.replicas());
        return found;
    }

    private static void note(List<String> found, String what, Object have, Object want) {
        if (!Objects.equals(have, want)) {
            found.add(what + " " + have + " -> " + want);
        }
    }

    /**
     * Reads where the stream ends: its last sequence from the stream's state, and the
     * {@code Crowdpay-Sequence} of its last message. The two differ when the last message was deleted
     * (a stranger's, removed by an operator): the next publish must expect the state's sequence, which
     * never goes back, while the checkpoint is the last event still there.
     */
    static Tail readTail(JetStreamManagement jsm, StreamSettings settings) throws EventStreamException {
        String streamName = settings.streamName();
        try {
            StreamState state = jsm.getStreamInfo(streamName).getStreamState();
            if (state.getMsgCount() == 0) {
                return emptyTail(streamName, state);
            }
            return new Tail(state.getLastSequence(), lastEventSequence(jsm, streamName, settings.eventSubjects().all()));
        } catch (IOException | JetStreamApiException | IllegalStateException e) { // jnats: ISE when closed
            throw new EventStreamException("could not read the tail of stream " + streamName + ": " + e.getMessage(), e);
        }
    }

    /**
     * The last message on the event subjects. Not {@code >}: for that the server (2.9) loads the
     * stream's last sequence as is and finds nothing when that message was deleted.
     */
    private static long lastEventSequence(JetStreamManagement jsm, String streamName, String subjects)
            throws IOException, JetStreamApiException {
        MessageInfo last = jsm.getLastMessage(streamName, subjects);
        long sequence = EventHeaders.sequence(last.getHeaders());
        if (sequence < 1) {
            throw new IncompatibleStreamException("the last message of JetStream stream " + streamName
                    + " (stream sequence " + last.getSeq() + ", subject " + last.getSubject() + ") has no valid "
                    + EventHeaders.SEQUENCE + " header: something other than the publisher writes to the"
                    + " stream. Stop it and delete that message (the publisher then goes on).");
        }
        return sequence;
    }

    private static Tail emptyTail(String streamName, StreamState state) {
        if (state.getLastSequence() > 0) {
            // Messages existed and aged out (or were purged): the checkpoint went with them.
            log.warn("JetStream stream {} is empty after {} messages (aged out or purged): the publisher"
                    + " restarts from event 1 and consumers must dedupe the replay", streamName, state.getLastSequence());
        }
        return new Tail(state.getLastSequence(), 0);
    }
}
