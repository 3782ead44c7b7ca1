package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlanTest {

    private static final long BUDGET_CENTS = 10_000_000; // 100,000 EUR: tier 2's daily limit

    @Test
    void everyPodIsFundedForItsExpectedSpendWithMargin() {
        Plan plan = Plan.of(5_000, 40, new PodChoice(100, 0), 1_000, BUDGET_CENTS);

        for (Plan.PodPlan pod : plan.pods()) {
            assertThat(pod.expectedOps()).isEqualTo(2_000);
            assertThat(pod.fundedCents()).isGreaterThanOrEqualTo((long) (pod.spendCents() * Plan.FUNDS_SAFETY));
            assertThat(pod.fundedCents() - Plan.TOP_UP_CENTS).isLessThan((long) Math.ceil(pod.spendCents() * Plan.FUNDS_SAFETY));
        }
    }

    @Test
    void aHotPodGetsEnoughActorsForThePerUserRateAndDailyBudget() {
        Plan plan = Plan.of(25_000, 70, new PodChoice(100, 0.5), 1_000, BUDGET_CENTS);
        Plan.PodPlan hot = plan.pods().get(0);

        assertThat(hot.actors()).isGreaterThanOrEqualTo(13); // 12,500/s at most 1,000/s each
        assertThat(Plan.movedByBusiestActor(hot.actors(), hot.topUps(), hot.spendCents())).isLessThanOrEqualTo(BUDGET_CENTS);
        // Here the daily budget, not the rate, sets the number: one actor fewer would break it.
        assertThat(Plan.movedByBusiestActor(hot.actors() - 1, hot.topUps(), hot.spendCents())).isGreaterThan(BUDGET_CENTS);
    }

    @Test
    void everyPodStaysWithinThePerUserLimits() {
        Plan plan = Plan.of(30_000, 130, new PodChoice(37, 0.3), 800, BUDGET_CENTS);

        for (Plan.PodPlan pod : plan.pods()) {
            double podRate = 30_000 * new PodChoice(37, 0.3).share(pod.pod());
            assertThat(podRate / pod.actors()).isLessThanOrEqualTo(800);
            assertThat(Plan.movedByBusiestActor(pod.actors(), pod.topUps(), pod.spendCents())).isLessThanOrEqualTo(BUDGET_CENTS);
        }
    }

    @Test
    void aTopUpStaysUnderTheRiskThresholdAndTheTierTwoLimit() {
        assertThat(Plan.TOP_UP_CENTS).isLessThan(2_000_000).isLessThan(2_500_000);
    }

    @Test
    void refusesABudgetTooSmallForTopUps() {
        assertThatThrownBy(() -> Plan.of(100, 10, new PodChoice(1, 0), 1_000, Plan.TOP_UP_CENTS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
