package io.crowdpay.journal;

import io.crowdpay.engine.command.Command;

/** One journaled input: its Chronicle index, the time the journaller stamped on it, the command. */
public record JournalEntry(long index, long timestampMillis, Command command) {
}
