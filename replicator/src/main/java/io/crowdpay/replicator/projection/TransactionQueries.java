package io.crowdpay.replicator.projection;

import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import java.util.List;

/**
 * The read side of the transaction projection, served by {@code GET /v1/transactions?...}: from
 * PostgreSQL's {@code read_model.transactions} when DATABASE_URL is set, from memory otherwise. Both
 * implementations give the same answers for the same events. Safe to call from any thread while
 * batches are applied: a reader sees whole batches, never half of one.
 *
 * <p>What it serves lags the engine by the projection's consumer lag; {@code GET
 * /v1/transactions/{id}} asks the engine instead, which is why that one reads its own writes.
 */
public interface TransactionQueries {

    /** Items per page when the client names no limit. */
    int LIMIT_DEFAULT = 50;

    /** Most items per page: bounds the query, the response and the time a reader holds a connection. */
    int LIMIT_MAX = 200;

    /**
     * What to list; a null field does not filter. {@code wallet} matches the source or the
     * beneficiary wallet.
     */
    record Filter(PodId pod, WalletId wallet, TransactionStatus status, TransactionType type) {

        public static final Filter ALL = new Filter(null, null, null, null);

        boolean matches(ProjectedTransaction row) {
            var tx = row.transaction();
            return (pod == null || pod.equals(tx.request().pod()))
                    && (wallet == null || wallet.equals(tx.source()) || wallet.equals(tx.beneficiary()))
                    && (status == null || status == tx.status())
                    && (type == null || type == tx.type());
        }
    }

    /**
     * One page, newest first.
     *
     * @param next where the following page starts (give it back as {@code after}), or null on the last page
     */
    record Page(List<ProjectedTransaction> items, Position next) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * The transactions matching the filter, newest first (creation time, then initiating event
     * sequence), starting just after {@code after}.
     *
     * @param limit 1..{@link #LIMIT_MAX}; the caller validated it
     * @param after the {@link Page#next()} of the previous page, or null for the first page
     */
    Page list(Filter filter, int limit, Position after) throws ReadModelUnavailable;

    /** Whether the user is a member of the pod (any role) per the projected pod membership. */
    boolean isMember(PodId pod, UserId user) throws ReadModelUnavailable;

    /** The projected balances of a wallet, by currency code; empty for a wallet no money ever moved in. */
    List<WalletBalance> balances(WalletId wallet) throws ReadModelUnavailable;

    /** Checks a page size, so both implementations refuse the same values. */
    static void requireLimit(int limit) {
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be 1.." + LIMIT_MAX + ": " + limit);
        }
    }
}
