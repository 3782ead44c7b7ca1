package io.crowdpay.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * How big the world must be for a run, decided before any request is sent, so that the measured phase
 * is never refused for reasons that are about the test rather than the service:
 * <ul>
 *   <li><b>Funds.</b> Each pod is topped up with its expected spend times {@link #FUNDS_SAFETY}, in
 *       top-ups of {@link #TOP_UP_CENTS} (19,000 EUR: under the 20,000 EUR risk threshold and the
 *       25,000 EUR per-transaction limit of KYC tier 2, ops/engine.properties).</li>
 *   <li><b>Per-user rules.</b> The gateway rate-limits each token subject (2,000/s by default), the
 *       risk rule caps transactions per user per window, and tier 2 caps what a user moves per UTC day
 *       (100,000 EUR). Top-ups count against the same daily limit. So a pod is driven by as many acting
 *       users (its OWNER plus ADMINs) as keep each of them under {@code actorRateMax} operations a
 *       second and under {@code dailyBudgetCents} including the top-ups it made.</li>
 * </ul>
 *
 * @param pods per pod, in pod order
 */
record Plan(List<PodPlan> pods) {

    /** One top-up, in EUR cents: 19,000.00 EUR. */
    static final long TOP_UP_CENTS = 1_900_000;
    /** Pods are funded with this multiple of the spend the schedule leads us to expect. */
    static final double FUNDS_SAFETY = 1.25;
    /** An actor's share of a pod's spend may exceed the even split by this factor. */
    static final double ACTOR_SPREAD_SAFETY = 1.1;
    /**
     * The amounts operations move, in EUR cents, cycled through by the request templates: a spread
     * of everyday sizes (mean 2.42 EUR) so that bodies differ in length like real ones do.
     */
    static final long[] AMOUNTS_CENTS = {100, 250, 75, 420, 199, 333, 60, 500};

    /**
     * @param pod           pod index
     * @param actors        users acting on the pod (the first is its OWNER, the rest ADMINs)
     * @param expectedOps   operations the schedule is expected to send to it
     * @param spendCents    EUR cents those operations are expected to move out of its wallet
     * @param topUps        top-ups of {@link #TOP_UP_CENTS} made before the run
     */
    record PodPlan(int pod, int actors, long expectedOps, long spendCents, int topUps) {
        long fundedCents() {
            return topUps * TOP_UP_CENTS;
        }
    }

    static double meanAmountCents() {
        long sum = 0;
        for (long a : AMOUNTS_CENTS) {
            sum += a;
        }
        return (double) sum / AMOUNTS_CENTS.length;
    }

    /**
     * @param ratePerSecond     scheduled operations per second
     * @param seconds           scheduled seconds, warm-up included
     * @param choice            how operations spread over pods
     * @param actorRateMax      most operations per second one acting user may send
     * @param dailyBudgetCents  most EUR cents one acting user may move per day, top-ups included
     */
    static Plan of(double ratePerSecond, double seconds, PodChoice choice, double actorRateMax, long dailyBudgetCents) {
        if (!(actorRateMax > 0)) {
            throw new IllegalArgumentException("per-user rate must be positive");
        }
        if (dailyBudgetCents < 2 * TOP_UP_CENTS) {
            throw new IllegalArgumentException("the per-user daily budget must allow at least two top-ups of "
                    + TOP_UP_CENTS / 100 + " EUR");
        }
        List<PodPlan> pods = new ArrayList<>(choice.pods());
        for (int p = 0; p < choice.pods(); p++) {
            double podRate = ratePerSecond * choice.share(p);
            long ops = (long) Math.ceil(podRate * seconds);
            long spend = (long) Math.ceil(ops * meanAmountCents());
            long funds = (long) Math.ceil(spend * FUNDS_SAFETY);
            int topUps = (int) Math.max(1, (funds + TOP_UP_CENTS - 1) / TOP_UP_CENTS);
            int actors = Math.max(1, (int) Math.ceil(podRate / actorRateMax));
            // Top-ups go round-robin over the actors, whole: the busiest actor carries the rounded-up share.
            while (movedByBusiestActor(actors, topUps, spend) > dailyBudgetCents) {
                actors++;
            }
            pods.add(new PodPlan(p, actors, ops, spend, topUps));
        }
        return new Plan(List.copyOf(pods));
    }

    /**
     * EUR cents the busiest actor of a pod moves in a day: its rounded-up share of the whole top-ups,
     * plus its share of the spend with {@link #ACTOR_SPREAD_SAFETY} for the randomness of which actor
     * sends each operation.
     */
    static long movedByBusiestActor(int actors, int topUps, long spendCents) {
        long topUpsEach = (topUps + actors - 1) / actors;
        return topUpsEach * TOP_UP_CENTS + (long) Math.ceil(spendCents * ACTOR_SPREAD_SAFETY / actors);
    }

    int actorsTotal() {
        return pods.stream().mapToInt(PodPlan::actors).sum();
    }

    int topUpsTotal() {
        return pods.stream().mapToInt(PodPlan::topUps).sum();
    }
}
