package io.crowdpay.replicator.jetstream;

/**
 * JetStream did not do what was asked (unreachable, timed out, refused a message). Checked on
 * purpose: the caller must decide to retry the batch, and retrying is always safe because every
 * message carries its event id as {@code Nats-Msg-Id} and the publisher resumes from the stream.
 */
public class EventStreamException extends Exception {

    public EventStreamException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventStreamException(String message) {
        super(message);
    }
}
