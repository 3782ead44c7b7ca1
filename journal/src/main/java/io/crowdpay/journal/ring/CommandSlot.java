package io.crowdpay.journal.ring;

import io.crowdpay.engine.Outcome;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import java.util.List;

/**
 * One pre-allocated entry of the ring. The publisher fills {@code command} and {@code reply}; the
 * journaller adds the time and journal index; the processor adds the outcome and the events with their
 * numbers (global sequence, stream versions) and correlation id; output
 * handlers read them. Fields are plain: the ring's sequences order every hand-over between threads.
 */
public final class CommandSlot {

    /** Who waits for the outcome, if anyone (a gateway request, a test). Called on an output thread. */
    @FunctionalInterface
    public interface Reply {
        void complete(CommandSlot slot);
    }

    private static final long[] NO_VERSIONS = new long[0];

    Command command;
    Reply reply;
    long timestampMillis;
    long journalIndex = -1;
    Outcome outcome;
    List<Event> events = List.of();
    long firstEventSequence;
    long[] streamVersions = NO_VERSIONS;
    String correlationId;
    /** Set instead of an outcome when the processor has halted; the command was not applied. */
    String haltReason;

    public Command command() {
        return command;
    }

    public Reply reply() {
        return reply;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public long journalIndex() {
        return journalIndex;
    }

    public Outcome outcome() {
        return outcome;
    }

    public List<Event> events() {
        return events;
    }

    /** The global sequence of {@code events().get(0)}; the i-th event has this plus i. */
    public long firstEventSequence() {
        return firstEventSequence;
    }

    /** The stream version of the i-th event. */
    public long streamVersion(int i) {
        return streamVersions[i];
    }

    /** The saga correlation id of the transaction the command acted on, or null. */
    public String correlationId() {
        return correlationId;
    }

    public String haltReason() {
        return haltReason;
    }

    void reset(Command command, Reply reply) {
        this.command = command;
        this.reply = reply;
        this.timestampMillis = 0;
        this.journalIndex = -1;
        this.outcome = null;
        this.events = List.of();
        this.firstEventSequence = 0;
        this.streamVersions = NO_VERSIONS;
        this.correlationId = null;
        this.haltReason = null;
    }
}
