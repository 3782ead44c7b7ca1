package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.DAY;
import static io.crowdpay.engine.EngineFixture.eur;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.event.EventStreams;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every event gets a gap-free global sequence number and a version in its stream (ADR 0005). */
class EventNumberingTest {

    private final EngineFixture fx = EngineFixture.given();

    @Test
    void givenAnyCommands_whenEventsAreEmitted_thenSequencesAreGapFreeAndRefusalsTakeNone() {
        long before = fx.engine().state().eventSequence();
        fx.fund(eur("100.00"));
        long afterFunding = fx.engine().state().eventSequence();
        assertThat(afterFunding).isGreaterThan(before);

        fx.transfer(eur("1000.00")).rejected(Rejection.INSUFFICIENT_FUNDS);
        assertThat(fx.engine().state().eventSequence()).isEqualTo(afterFunding);

        fx.transfer(eur("10.00")).accepted();
        assertThat(fx.engine().firstEventSequence()).isEqualTo(afterFunding + 1);
        assertThat(fx.engine().state().eventSequence()).isEqualTo(afterFunding + fx.events().size());
    }

    @Test
    void givenATransfer_whenItSettles_thenItsFourEventsAreVersionsOneToFourOfItsStream() {
        fx.fund(eur("100.00"));
        Transaction tx = fx.transfer(eur("10.00")).accepted();

        assertThat(fx.events()).hasSize(4).allMatch(e -> EventStreams.of(e).equals(tx.id().value()));
        assertThat(versionsOfLastApply()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void givenATopUp_whenItsLegConfirmsLater_thenTheStreamContinuesWhereItStopped() {
        Transaction topUp = fx.topUpRequest(eur("10.00")).accepted();
        assertThat(versionsOfLastApply()).containsExactly(1L, 2L);

        fx.completeLeg(topUp.id(), Leg.FUNDING, true, null);

        assertThat(versionsOfLastApply()).containsExactly(3L, 4L, 5L);
    }

    @Test
    void givenAFinishedTransaction_whenItLeavesWithItsKey_thenItsStreamVersionLeavesToo() {
        fx.fund(eur("100.00"));
        Transaction tx = fx.transfer(eur("10.00")).accepted();
        assertThat(fx.engine().state().streamVersions()).containsKey(tx.id().value());

        fx.advance(DAY);
        fx.transfer(eur("1.00")).accepted();

        assertThat(fx.engine().state().streamVersions()).doesNotContainKey(tx.id().value());
    }

    @Test
    void givenTheSameJournal_whenReplayedOrRestoredFromASnapshot_thenNumberingContinuesIdentically() {
        fx.fund(eur("100.00"));
        fx.transfer(eur("10.00")).accepted();
        Engine restored = new Engine(Snapshots.read(Snapshots.write(fx.engine().state())));

        Transaction next = fx.transfer(eur("5.00")).accepted();
        var last = fx.journal().get(fx.journal().size() - 1);
        restored.apply(last.command(), last.atMillis());

        assertThat(restored.firstEventSequence()).isEqualTo(fx.engine().firstEventSequence());
        assertThat(restored.state().streamVersions().get(next.id().value()))
                .isEqualTo(fx.engine().state().streamVersions().get(next.id().value()));
        assertThat(StateHash.of(restored.state())).isEqualTo(StateHash.of(fx.engine().state()));
    }

    private List<Long> versionsOfLastApply() {
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < fx.engine().events().size(); i++) {
            versions.add(fx.engine().streamVersion(i));
        }
        return versions;
    }

    @Test
    void givenASagaCorrelationId_whenTheTransactionAndLaterItsLegAreApplied_thenBothCarryIt() {
        Transaction topUp = fx.topUpRequest(eur("10.00")).correlation("saga-42").accepted();
        assertThat(fx.engine().correlationId()).isEqualTo("saga-42");

        fx.completeLeg(topUp.id(), Leg.FUNDING, true, null);
        assertThat(fx.engine().correlationId()).as("the leg's answer acts on the same transaction").isEqualTo("saga-42");

        fx.fund(eur("5.00"));
        fx.transfer(eur("1.00")).accepted();
        assertThat(fx.engine().correlationId()).as("a transaction sent without one").isNull();
    }
}
