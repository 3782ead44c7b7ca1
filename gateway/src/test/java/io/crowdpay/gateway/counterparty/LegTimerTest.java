package io.crowdpay.gateway.counterparty;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import org.junit.jupiter.api.Test;

/**
 * A leg's deadline lives only while the leg does: it is dropped when the events show the leg answered,
 * timed out, or its transaction failed, and kept for a leg still waiting.
 */
class LegTimerTest {

    private static final Money TEN = new Money(1_000, Currency.ofCode("EUR"));

    @Test
    void aDeadlineIsDroppedWhenTheLegEndsAndKeptWhileItWaits() {
        try (LegTimer timer = new LegTimer(60_000, () -> 1_000)) {
            TransactionId answered = new TransactionId("tx_answered");
            TransactionId timedOut = new TransactionId("tx_timed_out");
            TransactionId failed = new TransactionId("tx_failed");
            TransactionId waiting = new TransactionId("tx_waiting");
            for (TransactionId tx : new TransactionId[] {answered, timedOut, failed, waiting}) {
                timer.observe(new Event.LegRequested(tx, Leg.PAYOUT, TEN, 1_000));
            }
            assertThat(timer.waiting()).isEqualTo(4);

            timer.observe(new Event.LegCompleted(answered, Leg.PAYOUT, true, null, 1_001));
            timer.observe(new Event.LegTimedOut(timedOut, Leg.PAYOUT, 1_002));
            timer.observe(new Event.TransactionFailed(failed, "aml_hit", "AML screening hit", 1_003));
            timer.observe(new Event.TransactionSettled(waiting, 1_004));

            // Settled is no leg's end on its own (a transfer settles with no leg); only the waiting one is left.
            assertThat(timer.waiting()).isEqualTo(1);
            timer.observe(new Event.LegCompleted(waiting, Leg.PAYOUT, false, "bank said no", 1_005));
            assertThat(timer.waiting()).isZero();
        }
    }

    @Test
    void aLegWatchedAgainAtStartKeepsOneDeadline() {
        try (LegTimer timer = new LegTimer(60_000, () -> 1_000)) {
            TransactionId tx = new TransactionId("tx_again");
            timer.observe(new Event.LegRequested(tx, Leg.FX, TEN, 1_000));
            timer.watch(tx, Leg.FX, 1_000);

            assertThat(timer.waiting()).isEqualTo(1);
        }
    }
}
