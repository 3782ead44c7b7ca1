package io.crowdpay.replicator;

import java.util.Objects;

/**
 * One domain event as every downstream copy stores it: numbered by the engine ({@code sequence},
 * global and gap-free; {@code eventId} derived from it, so a rebuild from the journal yields the same
 * ids), in its stream ({@code streamId}, e.g. a transaction id, at {@code streamVersion}), with its
 * stable type name ({@code "FundsHeld.v1"}), its canonical JSON payload, the journal index of the
 * command that produced it, and the journaled time.
 */
public record EventRecord(long sequence, String eventId, String streamId, long streamVersion, String type,
                          String payloadJson, long journalIndex, long atMillis, String correlationId) {

    public EventRecord {
        if (sequence < 1 || streamVersion < 1) {
            throw new IllegalArgumentException("sequence and stream version start at 1");
        }
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }

    /** The event id for a global sequence number: the one rule, so every copy agrees. */
    public static String idFor(long sequence) {
        return "ev_" + sequence;
    }
}
