package io.crowdpay.replicator.projection;

import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.TransactionId;
import java.util.List;

/** What one event means to the read model, decoded from its record by {@link EventPayloads}. */
sealed interface ReadModelEvent {

    /** The one value for the events the read model has no use for (user KYC, quotes, legs, rules). */
    Ignored IGNORED = new Ignored();

    /** A transaction was accepted (PENDING): a new row. */
    record Initiated(ProjectedTransaction transaction) implements ReadModelEvent {
    }

    /** A transaction settled or failed. */
    record StatusChanged(TransactionId transaction, StatusChange change) implements ReadModelEvent {
    }

    /** Money moved between the available and held parts of wallets, or in or out of them. */
    record BalancesMoved(List<WalletBalance> changes) implements ReadModelEvent {
        public BalancesMoved {
            changes = List.copyOf(changes);
        }
    }

    /** A pod was created or changed: these are now all its members. */
    record MembersSet(PodId pod, List<Member> members) implements ReadModelEvent {
        public MembersSet {
            members = List.copyOf(members);
        }
    }

    /** Nothing for the read model. */
    record Ignored() implements ReadModelEvent {
    }
}
