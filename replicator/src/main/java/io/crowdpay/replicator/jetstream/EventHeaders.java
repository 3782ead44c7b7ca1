package io.crowdpay.replicator.jetstream;

import io.crowdpay.replicator.EventRecord;
import io.nats.client.impl.Headers;

/**
 * The headers every published event carries; the payload is the event's canonical JSON in UTF-8.
 * Consumers read these rather than parse the payload to route, order and deduplicate.
 */
public final class EventHeaders {

    /** The event id ({@code ev_<sequence>}): JetStream's duplicate key and the consumers' dedupe key. */
    public static final String EVENT_ID = "Nats-Msg-Id";
    /** The engine's global event sequence: the publisher's checkpoint when on the stream's last message. */
    public static final String SEQUENCE = "Crowdpay-Sequence";
    /** The event's stream (a transaction id): the unit within which order matters. */
    public static final String STREAM = "Crowdpay-Stream";
    /** The event's version within its stream, from 1: lets a consumer check it saw every event of a stream. */
    public static final String STREAM_VERSION = "Crowdpay-Stream-Version";
    /** The stable type name ({@code FundsHeld.v1}), the same as in the subject. */
    public static final String TYPE = "Crowdpay-Type";
    /** The request's correlation id, absent for events no request caused (timer ticks). */
    public static final String CORRELATION_ID = "X-Correlation-Id";

    private EventHeaders() {
    }

    static Headers of(EventRecord event) {
        Headers headers = new Headers()
                .put(EVENT_ID, event.eventId())
                .put(SEQUENCE, Long.toString(event.sequence()))
                .put(STREAM, event.streamId())
                .put(STREAM_VERSION, Long.toString(event.streamVersion()))
                .put(TYPE, event.type());
        if (event.correlationId() != null && !event.correlationId().isBlank()) {
            headers.put(CORRELATION_ID, event.correlationId());
        }
        return headers;
    }

    /** The event id of a received message, or null if it carries none (not ours). */
    public static String eventId(Headers headers) {
        return headers == null ? null : headers.getFirst(EVENT_ID);
    }

    /** The global sequence of a received message, or -1 if it carries none or a malformed one. */
    public static long sequence(Headers headers) {
        String value = headers == null ? null : headers.getFirst(SEQUENCE);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notOurs) {
            return -1;
        }
    }
}
