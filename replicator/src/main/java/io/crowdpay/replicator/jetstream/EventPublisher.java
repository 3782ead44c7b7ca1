package io.crowdpay.replicator.jetstream;

import io.crowdpay.replicator.EventRecord;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies event batches to the JetStream stream, in sequence order, and keeps its checkpoint in the
 * stream: {@link #lastPublishedSequence()} is the {@code Crowdpay-Sequence} of the stream's last message.
 *
 * <p>Order: one publisher sends in sequence order on one connection, so the server receives, and
 * stores, the events of each transaction in order. Pipelining alone would still let a failed message
 * be followed by a stored one (a gap that the checkpoint would then skip for ever), so each message
 * also carries {@code Nats-Expected-Last-Sequence}: the server stores it only right after its
 * predecessor (and, within a batch, {@code Nats-Expected-Last-Msg-Id}). The stream
 * is therefore always a gap-free prefix of the event log, which is what makes its last message a sound
 * checkpoint. The price is that the publisher must be the stream's only writer: a stranger's message
 * makes the next batch fail, loudly, rather than be lost.
 *
 * <p>The caller tails the event log from {@code lastPublishedSequence() + 1} and hands over batches
 * in order. Events at or below the checkpoint are skipped, not resent; should one arrive anyway (a second
 * publisher during a fail-over, a late retry), {@code Nats-Msg-Id} makes JetStream drop it within the
 * duplicate window. One thread publishes; {@code publish} is synchronized only to make misuse safe.
 */
public final class EventPublisher {

    /** Messages awaiting their ack at once: enough to fill the pipe, small enough to bound memory. */
    public static final int IN_FLIGHT_MAX = 1_024;
    /** How long one ack may take before the batch fails and the caller retries it. */
    public static final Duration ACK_WAIT_MAX = Duration.ofSeconds(10);

    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final StreamSettings settings;
    private final EventSubjects subjects;
    private final int inFlightMax;
    private final Duration ackWaitMax;
    /** The stream's tail as last seen, or null when unknown (at start, after a failure). */
    private EventStream.Tail tail;

    /**
     * What one batch did: events newly stored, skipped as already at or below the checkpoint, and
     * dropped by JetStream as duplicates; {@code lastSequence} is the checkpoint the batch reached.
     */
    public record Published(int stored, int skipped, int duplicates, long lastSequence) {
    }

    public EventPublisher(Connection connection, StreamSettings settings) {
        this(connection, settings, IN_FLIGHT_MAX, ACK_WAIT_MAX);
    }

    public EventPublisher(Connection connection, StreamSettings settings, int inFlightMax, Duration ackWaitMax) {
        if (inFlightMax < 1 || ackWaitMax == null || !ackWaitMax.isPositive()) {
            throw new IllegalArgumentException("inFlightMax must be >= 1 and ackWaitMax positive");
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.subjects = settings.eventSubjects();
        this.inFlightMax = inFlightMax;
        this.ackWaitMax = ackWaitMax;
        try {
            this.jetStream = connection.jetStream();
            this.management = connection.jetStreamManagement();
        } catch (IOException e) {
            throw new UncheckedIOException("no JetStream context on this connection", e);
        }
    }

    /** Creates or checks the stream (see {@link EventStream#ensureStream}), then returns a publisher to it. */
    public static EventPublisher open(Connection connection, StreamSettings settings) throws EventStreamException {
        try {
            EventStream.ensureStream(connection.jetStreamManagement(), settings);
        } catch (IOException e) {
            throw new EventStreamException("no JetStream context on this connection", e);
        }
        return new EventPublisher(connection, settings);
    }

    /** The checkpoint: the sequence of the last event in the stream, 0 if it holds none. Always asks the server. */
    public long lastPublishedSequence() throws EventStreamException {
        return EventStream.readTail(management, settings).eventSequence();
    }

    /**
     * Publishes a batch in order and returns once every message is acknowledged. The batch must be in
     * sequence order with no gap after the checkpoint (the event log's order); events already in the
     * stream are skipped. On any failure nothing after the failed event is stored, and the caller
     * retries the same batch (or one starting later): this publisher re-reads the stream first.
     *
     * @throws EventStreamException on a refusal, a timeout or a lost connection
     */
    public synchronized Published publish(List<EventRecord> batch) throws EventStreamException {
        EventStream.Tail start = knownTail();
        List<EventRecord> fresh = unpublished(batch, start.eventSequence());
        int skipped = batch.size() - fresh.size();
        if (fresh.isEmpty()) {
            return new Published(0, skipped, 0, start.eventSequence());
        }
        tail = null; // Unknown until every ack is in: a failure part-way leaves the stream to tell.
        Acks acks = send(fresh, start.streamSequence());
        long last = fresh.getLast().sequence();
        // A duplicate means another writer (or a late retry) got there first, so the stream's last
        // sequence is no longer ours to predict: read it again before the next batch.
        tail = acks.duplicates == 0 ? new EventStream.Tail(acks.lastStreamSequence, last) : null;
        return new Published(fresh.size() - acks.duplicates, skipped, acks.duplicates, last);
    }

    private EventStream.Tail knownTail() throws EventStreamException {
        if (tail == null) {
            tail = EventStream.readTail(management, settings);
        }
        return tail;
    }

    /** The events above the checkpoint, checked to continue it without a gap. */
    private static List<EventRecord> unpublished(List<EventRecord> batch, long checkpoint) {
        List<EventRecord> fresh = new ArrayList<>(batch.size());
        long expected = checkpoint + 1;
        for (EventRecord event : batch) {
            if (event.sequence() <= checkpoint) {
                continue;
            }
            if (event.sequence() != expected) {
                throw new IllegalArgumentException("batch would leave a gap in the stream: expected event "
                        + expected + " next, got " + event.sequence() + " (checkpoint " + checkpoint + ")");
            }
            fresh.add(event);
            expected++;
        }
        return fresh;
    }

    private record InFlight(EventRecord event, CompletableFuture<PublishAck> ack) {
    }

    private static final class Acks {
        long lastStreamSequence;
        int duplicates;
    }

    /** Sends with at most {@code inFlightMax} unacknowledged, then waits for the rest. */
    private Acks send(List<EventRecord> events, long streamSequence) throws EventStreamException {
        Deque<InFlight> inFlight = new ArrayDeque<>(Math.min(events.size(), inFlightMax));
        Acks acks = new Acks();
        long expectedLast = streamSequence;
        EventRecord previous = null;
        for (EventRecord event : events) {
            if (inFlight.size() == inFlightMax) {
                awaitOldest(inFlight, acks);
            }
            inFlight.addLast(new InFlight(event, sendOne(event, expectedLast++, previous, inFlight)));
            previous = event;
        }
        while (!inFlight.isEmpty()) {
            awaitOldest(inFlight, acks);
        }
        return acks;
    }

    /**
     * What the server must find before storing a message. The stream sequence alone is not enough:
     * if a message fails and a stranger's message takes its place, the next one's expected sequence
     * would match. So every message but the batch's first also names its predecessor's event id; the
     * first relies on the sequence read from the stream (the server forgets the last id on a restart).
     */
    private Headers guard(Headers headers, long expectedLastSequence, EventRecord previous) {
        headers.put(NatsJetStreamConstants.EXPECTED_STREAM_HDR, settings.streamName())
                .put(NatsJetStreamConstants.EXPECTED_LAST_SEQ_HDR, Long.toString(expectedLastSequence));
        if (previous != null) {
            headers.put(NatsJetStreamConstants.EXPECTED_LAST_MSG_ID_HDR, previous.eventId());
        }
        return headers;
    }

    /**
     * Sends one guarded message. The guard goes into the message's own headers rather than
     * {@link io.nats.client.PublishOptions}, which jnats would merge into a copy of them per message
     * (the header copies were ~30% of this publisher's CPU).
     */
    private CompletableFuture<PublishAck> sendOne(EventRecord event, long expectedLastSequence, EventRecord previous,
                                                  Deque<InFlight> inFlight) throws EventStreamException {
        try {
            return jetStream.publishAsync(message(subjects, event, guard(EventHeaders.of(event), expectedLastSequence, previous)));
        } catch (IllegalArgumentException e) { // a malformed type or a payload over max_payload: a bug, not retryable
            drain(inFlight);
            throw e;
        } catch (RuntimeException e) { // a closed or closing connection
            drain(inFlight);
            throw new EventStreamException("could not send event " + event.sequence() + ": " + e.getMessage(), e);
        }
    }

    /** The message for an event, unguarded; package-private so tests can replay what a publisher sent. */
    static NatsMessage message(EventSubjects subjects, EventRecord event) {
        return message(subjects, event, EventHeaders.of(event));
    }

    private static NatsMessage message(EventSubjects subjects, EventRecord event, Headers headers) {
        return NatsMessage.builder()
                .subject(subjects.forType(event.type()))
                .headers(headers)
                .data(event.payloadJson().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private void awaitOldest(Deque<InFlight> inFlight, Acks acks) throws EventStreamException {
        InFlight oldest = inFlight.removeFirst();
        try {
            PublishAck ack = oldest.ack().get(ackWaitMax.toNanos(), TimeUnit.NANOSECONDS);
            acks.lastStreamSequence = ack.getSeqno();
            acks.duplicates += ack.isDuplicate() ? 1 : 0;
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            drain(inFlight);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new EventStreamException("event " + oldest.event().sequence() + " (" + oldest.event().eventId()
                    + ") was not acknowledged by stream " + settings.streamName() + ": " + cause, cause);
        }
    }

    /**
     * Waits, within one ack wait in all, for the messages still in flight after a failure, so that a
     * retry does not race them. Their outcome does not matter: the retry re-reads the stream.
     */
    private void drain(Deque<InFlight> inFlight) {
        long deadline = System.nanoTime() + ackWaitMax.toNanos();
        for (InFlight pending : inFlight) {
            try {
                pending.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException ignored) {
                // Expected: the messages after a failed one are refused for the wrong last sequence.
            }
        }
        inFlight.clear();
    }
}
