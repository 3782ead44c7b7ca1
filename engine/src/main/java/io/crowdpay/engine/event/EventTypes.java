package io.crowdpay.engine.event;

/**
 * The one registry of stable event type names, as they appear on the wire and in the event store.
 * Renaming a Java class must never change these; a new version of an event gets a new name here and
 * its upcaster beside it.
 */
public final class EventTypes {

    private EventTypes() {
    }

    public static String nameOf(Event event) {
        return switch (event) {
            case Event.UserUpserted e -> "UserUpserted.v1";
            case Event.PodUpserted e -> "PodUpserted.v1";
            case Event.WalletUpserted e -> "WalletUpserted.v1";
            case Event.QuoteIssued e -> "QuoteIssued.v1";
            case Event.TransactionInitiated e -> "TransactionInitiated.v1";
            case Event.FundsHeld e -> "FundsHeld.v1";
            case Event.HoldReleased e -> "HoldReleased.v1";
            case Event.LegRequested e -> "LegRequested.v1";
            case Event.LegCompleted e -> "LegCompleted.v1";
            case Event.Posted e -> "Posted.v1";
            case Event.TransactionSettled e -> "TransactionSettled.v1";
            case Event.TransactionFailed e -> "TransactionFailed.v1";
            case Event.LegTimedOut e -> "LegTimedOut.v1";
            case Event.AmlScreened e -> "AmlScreened.v1";
            case Event.CompensationApplied e -> "CompensationApplied.v1";
            case Event.ReversalBlocked e -> "ReversalBlocked.v1";
            case Event.TransactionReversed e -> "TransactionReversed.v1";
            case Event.EngineConfigured e -> "EngineConfigured.v1";
        };
    }
}
