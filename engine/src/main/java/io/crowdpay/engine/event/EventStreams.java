package io.crowdpay.engine.event;

/**
 * Which stream an event belongs to: a transaction's events form the stream named by its id; each
 * user, pod, wallet and quote has its own stream; the rules have one. Stable strings, like the type
 * names: the event store keys (stream id, stream version) on them.
 */
public final class EventStreams {

    public static final String ENGINE = "engine";

    private EventStreams() {
    }

    public static String of(Event event) {
        return switch (event) {
            case Event.UserUpserted e -> "user:" + e.user().id().value();
            case Event.PodUpserted e -> "pod:" + e.pod().id().value();
            case Event.WalletUpserted e -> "wallet:" + e.wallet().value();
            case Event.QuoteIssued e -> quote(e.quote().id().value());
            case Event.TransactionInitiated e -> e.transaction().id().value();
            case Event.FundsHeld e -> e.transaction().value();
            case Event.HoldReleased e -> e.transaction().value();
            case Event.LegRequested e -> e.transaction().value();
            case Event.LegCompleted e -> e.transaction().value();
            case Event.Posted e -> e.transaction().value();
            case Event.TransactionSettled e -> e.transaction().value();
            case Event.TransactionFailed e -> e.transaction().value();
            case Event.LegTimedOut e -> e.transaction().value();
            case Event.AmlScreened e -> e.transaction().value();
            case Event.CompensationApplied e -> e.transaction().value();
            case Event.ReversalBlocked e -> e.transaction().value();
            case Event.TransactionReversed e -> e.transaction().value();
            case Event.EngineConfigured e -> ENGINE;
        };
    }

    public static String quote(String quoteId) {
        return "quote:" + quoteId;
    }
}
