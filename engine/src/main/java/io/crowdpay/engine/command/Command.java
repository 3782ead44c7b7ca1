package io.crowdpay.engine.command;

import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.FundingSource;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Payout;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the engine can be asked. Each command carries every outside fact it needs (rates, ids,
 * counterparty answers); the time of a journaled command travels beside it in the journal. Queries
 * are answered in ring order, which gives read-your-writes, but they are never journaled.
 */
public sealed interface Command {

    /** Whether the journal records this command; queries change nothing and are not recorded. */
    default boolean journaled() {
        return !(this instanceof Query);
    }

    /** Reads: answered in ring order, never journaled, never change state. */
    sealed interface Query extends Command {
    }

    /** Reference data: a user as the KYC service sees them. */
    record PutUser(UserId id, KycStatus kycStatus, int kycTier) implements Command {
        public PutUser {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kycStatus, "kycStatus");
        }
    }

    /** Reference data: a pod, its currencies and members; creates the pod's wallet on first sight. */
    record PutPod(PodId id, String name, List<Currency> currencies, List<Member> members) implements Command {
        public PutPod {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            currencies = List.copyOf(currencies);
            members = List.copyOf(members);
        }
    }

    /** Reference data: a personal wallet, e.g. a transfer's beneficiary. */
    record PutWallet(WalletId id, UserId owner, List<Currency> currencies) implements Command {
        public PutWallet {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(owner, "owner");
            currencies = List.copyOf(currencies);
        }
    }

    /** Issue a firm FX quote at a rate the gateway obtained from the rate source. */
    record IssueQuote(QuoteId id, UserId actor, PodId pod, Money sell, Currency buyCurrency, Rate rate) implements Command {
        public IssueQuote {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(sell, "sell");
            Objects.requireNonNull(buyCurrency, "buyCurrency");
            Objects.requireNonNull(rate, "rate");
        }
    }

    /**
     * Start a transaction. Nullable fields are those API.md makes optional or type-specific. Metadata
     * is sorted so that its encoding, and so the journal and state hash, never depend on hash order.
     */
    record Initiate(TransactionId id, UserId actor, String idempotencyKey, TransactionType type, PodId pod,
                    Money amount, WalletId sourceWallet, WalletId beneficiaryWallet, Payout payout,
                    FundingSource fundingSource, QuoteId quoteId, String description,
                    SortedMap<String, String> metadata, String correlationId) implements Command {

        public Initiate {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(amount, "amount");
            // One shared empty map: most requests carry no metadata, and every transaction the engine
            // and the read model keep holds its request.
            metadata = metadata == null || metadata.isEmpty() ? Collections.emptySortedMap()
                    : Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        }

        /**
         * This request with each of the given ids in place of its own where they are equal (null
         * leaves a field as it is), or this request itself when nothing changes. The engine passes
         * the instances its tables already hold, so the transactions it keeps for a day share one
         * instance per user, pod and wallet instead of holding a copy from every request.
         */
        public Initiate sharing(UserId actor, PodId pod, WalletId source, WalletId beneficiary) {
            UserId a = actor != null && this.actor.equals(actor) ? actor : this.actor;
            PodId p = pod != null && this.pod.equals(pod) ? pod : this.pod;
            WalletId s = source != null && source.equals(sourceWallet) ? source : sourceWallet;
            WalletId b = beneficiary != null && beneficiary.equals(beneficiaryWallet) ? beneficiary : beneficiaryWallet;
            if (a == this.actor && p == this.pod && s == sourceWallet && b == beneficiaryWallet) {
                return this;
            }
            return new Initiate(id, a, idempotencyKey, type, p, amount, s, b, payout, fundingSource, quoteId, description,
                    metadata, correlationId);
        }

        /**
         * Whether another request is the same request for idempotency: everything the client said
         * except the ids the service made and the saga correlation id, which a retry may change.
         */
        public boolean sameRequestAs(Initiate other) {
            return actor.equals(other.actor) && idempotencyKey.equals(other.idempotencyKey) && type == other.type
                    && pod.equals(other.pod) && amount.equals(other.amount)
                    && Objects.equals(sourceWallet, other.sourceWallet)
                    && Objects.equals(beneficiaryWallet, other.beneficiaryWallet)
                    && Objects.equals(payout, other.payout) && Objects.equals(fundingSource, other.fundingSource)
                    && Objects.equals(quoteId, other.quoteId) && Objects.equals(description, other.description)
                    && metadata.equals(other.metadata);
        }
    }

    /** A counterparty's answer to a transaction's outside leg: confirmed, or failed with a reason. */
    record CompleteLeg(TransactionId id, Leg leg, boolean success, String reason) implements Command {
        public CompleteLeg {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(leg, "leg");
        }
    }

    /**
     * A timer input: the leg the transaction waits for has had no answer within the leg timeout. The
     * service schedules it; journaled like any input, so replay takes the same decision. Ignored
     * unless the transaction is still waiting on exactly that leg.
     */
    record TimeoutLeg(TransactionId id, Leg leg) implements Command {
        public TimeoutLeg {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(leg, "leg");
        }
    }

    /**
     * The AML screening's verdict on a transaction: {@code hit} fails a pending transaction (its hold
     * released, its leg abandoned) or reverses a settled one with compensating entries; a clear is
     * recorded. Answers after the transaction is FAILED or REVERSED change nothing.
     */
    record ScreenAml(TransactionId id, boolean hit, String reason) implements Command {
        public ScreenAml {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Replace the rules the engine decides by: limits, risk, sanctions, FX quote TTL, currencies. */
    record Configure(EngineConfig config) implements Command {
        public Configure {
            Objects.requireNonNull(config, "config");
        }
    }

    /** Query: one transaction, for a member of its pod or an admin. */
    record GetTransaction(TransactionId id, UserId actor, boolean admin) implements Query {
    }

    /** Query: one wallet, for its owner, a member of its pod, or an admin. */
    record GetWallet(WalletId id, UserId actor, boolean admin) implements Query {
    }
}
