package io.crowdpay.replicator.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import java.util.ArrayList;
import java.util.List;

/** Walks every page of a listing, as a client would: each next page from the previous one's cursor text. */
final class Listing {

    private Listing() {
    }

    /** All items of the filter, page by page; checks each page's size and that pages end with a null cursor. */
    static List<ProjectedTransaction> walk(TransactionQueries queries, TransactionQueries.Filter filter, int limit)
            throws ReadModelUnavailable {
        List<ProjectedTransaction> all = new ArrayList<>();
        Position after = null;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("pages of %s", filter).isLessThan(100_000);
            TransactionQueries.Page page = queries.list(filter, limit, after);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            all.addAll(page.items());
            if (page.next() == null) {
                return all;
            }
            assertThat(page.items()).as("a page with a next cursor is full").hasSize(limit);
            String cursor = Cursors.encode(page.next(), filter);
            after = Cursors.decode(cursor, filter).orElseThrow();
        }
    }

    /** The filters the comparisons run: none, each pod, each wallet, each status, each type, and mixes. */
    static List<TransactionQueries.Filter> filters() {
        List<TransactionQueries.Filter> filters = new ArrayList<>();
        filters.add(TransactionQueries.Filter.ALL);
        for (var pod : List.of(EngineRun.TRIP, EngineRun.FLAT)) {
            filters.add(new TransactionQueries.Filter(pod, null, null, null));
            filters.add(new TransactionQueries.Filter(pod, EngineRun.BOB_WALLET, TransactionStatus.SETTLED, null));
            filters.add(new TransactionQueries.Filter(pod, null, TransactionStatus.PENDING, TransactionType.WITHDRAWAL));
        }
        for (var wallet : List.of(EngineRun.TRIP_WALLET, EngineRun.FLAT_WALLET, EngineRun.BOB_WALLET)) {
            filters.add(new TransactionQueries.Filter(null, wallet, null, null));
        }
        for (TransactionStatus status : TransactionStatus.values()) {
            filters.add(new TransactionQueries.Filter(null, null, status, null));
        }
        for (TransactionType type : TransactionType.values()) {
            filters.add(new TransactionQueries.Filter(null, null, null, type));
        }
        return filters;
    }

    /** Newest first: by creation time, then by initiating sequence, both descending. */
    static void assertNewestFirst(List<ProjectedTransaction> items) {
        for (int i = 1; i < items.size(); i++) {
            assertThat(items.get(i).position()).as("item %d after item %d", i, i - 1)
                    .isLessThan(items.get(i - 1).position());
        }
    }
}
