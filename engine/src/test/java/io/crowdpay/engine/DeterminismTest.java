package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.EUR_USD;
import static io.crowdpay.engine.EngineFixture.SECOND;
import static io.crowdpay.engine.EngineFixture.USD;
import static io.crowdpay.engine.EngineFixture.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.wire.Decoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine is a function of its journal: time comes only from the journaled timestamps, replay gives
 * the same state hash, and a snapshot restores a state that behaves exactly like the original.
 */
class DeterminismTest {

    /** A day in the life of a pod: funding, a transfer, a settled and a failed withdrawal, swaps, refusals. */
    private static EngineFixture realisticScenario() {
        EngineFixture fx = EngineFixture.given();
        fx.fund(eur("2000.00"));
        fx.advance(SECOND);
        fx.transfer(eur("120.00")).metadata("trip", "lisbon").correlation("saga-1").accepted();
        Transaction paid = fx.withdrawal(eur("300.00")).accepted();
        Transaction bounced = fx.withdrawal(eur("50.00")).accepted();
        fx.advance(5 * SECOND);
        fx.completeLeg(paid.id(), Leg.PAYOUT, true, null);
        fx.completeLeg(bounced.id(), Leg.PAYOUT, false, "account closed");
        FxQuote quote = fx.quote(eur("100.00"), USD, EUR_USD);
        fx.swap(quote).accepted();
        fx.quote(eur("5.00"), USD, EUR_USD); // left unused
        fx.transfer(eur("999999.00")).submit(); // refused, but journaled all the same
        fx.topUpRequest(eur("75.00")).accepted(); // left pending
        fx.advance(SECOND);
        return fx;
    }

    @Test
    void givenClockAlreadyLater_whenCommandCarriesEarlierTimestamp_thenEngineTimeDoesNotRunBackwards() {
        EngineFixture fx = EngineFixture.given();
        fx.fund(eur("10.00"));
        fx.advance(10 * SECOND);
        fx.transfer(eur("1.00")).accepted();
        long latest = fx.now();

        fx.at(latest - 5 * SECOND);
        Transaction tx = fx.transfer(eur("1.00")).accepted();

        assertThat(tx.createdAtMillis()).isEqualTo(latest);
        assertThat(fx.engine().state().clockMillis()).isEqualTo(latest);
    }

    @Test
    void givenJournal_whenReplayedIntoFreshEngine_thenSameStateHashAndSameEvents() {
        EngineFixture fx = realisticScenario();
        Engine replica = new Engine();
        List<Event> replayed = new ArrayList<>();

        for (EngineFixture.Journaled entry : fx.journal()) {
            replica.apply(entry.command(), entry.atMillis());
            replayed.addAll(replica.events());
            replica.verifyInvariants();
        }

        assertThat(StateHash.of(replica.state())).isEqualTo(fx.hash());
        assertThat(replayed).isEqualTo(fx.allEvents());
    }

    @Test
    void givenRealisticState_whenSnapshotReadBack_thenSameHashAndSameBytes() {
        EngineFixture fx = realisticScenario();
        byte[] bytes = Snapshots.write(fx.engine().state());

        EngineState restored = Snapshots.read(bytes);

        assertThat(StateHash.of(restored)).isEqualTo(fx.hash());
        assertThat(Snapshots.write(restored)).isEqualTo(bytes);
        new Engine(restored).verifyInvariants();
    }

    @Test
    void givenACapture_whenTheEngineGoesOnBeforeItIsCopiedAndEncoded_thenItsBytesAreThoseOfTheStateWhenCaptured() {
        EngineFixture fx = realisticScenario();
        Snapshots.Capture copiedAtOnce = Snapshots.capture(fx.engine().state()).complete();
        Snapshots.Capture copiedInSlices = Snapshots.capture(fx.engine().state());
        int before = fx.journal().size();
        Transaction pendingTopUp = fx.engine().state().transactions().values().stream()
                .filter(t -> t.type() == TransactionType.TOP_UP && t.status() == TransactionStatus.PENDING)
                .findFirst().orElseThrow();
        assertThatThrownBy(copiedInSlices::bytes).isInstanceOf(IllegalStateException.class);
        // One entry per call: through users, pods and quotes, and to the first transaction, so that
        // every change below lands ahead of the copy's cursor.
        EngineState state = fx.engine().state();
        for (int i = 0; i <= state.users.size() + state.pods.size() + state.quotes.size(); i++) {
            copiedInSlices.copy(1);
        }

        // The engine goes on while one capture waits for its writer and the other is still being
        // copied, one entry per step: a status change in place, new transactions and keys, and a
        // day later, the purge of the old ones.
        fx.advance(SECOND);
        copiedInSlices.copy(1);
        fx.completeLeg(pendingTopUp.id(), Leg.FUNDING, true, null);
        copiedInSlices.copy(1);
        fx.transfer(eur("10.00")).accepted();
        copiedInSlices.copy(1);
        fx.advance(EngineFixture.DAY + SECOND);
        fx.transfer(eur("5.00")).accepted();
        copiedInSlices.copy(1);
        assertThat(copiedInSlices.isComplete()).isFalse();
        byte[] slicedBytes = copiedInSlices.complete().bytes();

        Engine replica = new Engine();
        for (EngineFixture.Journaled entry : fx.journal().subList(0, before)) {
            replica.apply(entry.command(), entry.atMillis());
        }
        assertThat(copiedAtOnce.bytes()).isEqualTo(Snapshots.write(replica.state()));
        assertThat(slicedBytes).isEqualTo(Snapshots.write(replica.state()));
        assertThat(slicedBytes).isNotEqualTo(Snapshots.write(fx.engine().state()));
        assertThat(StateHash.of(Snapshots.read(slicedBytes))).isEqualTo(StateHash.of(replica.state()));
    }

    @Test
    void givenACapture_whenItsPendingLegsDisagreeWithItsTransactions_thenVerifyingItFails() {
        EngineFixture fx = realisticScenario();
        EngineState state = fx.engine().state();
        assertThat(state.pendingLegs).isNotEmpty();
        Snapshots.capture(state).complete().verify();

        // A pending leg the table lost: the capture was taken from a broken state.
        var lost = state.pendingLegs.keySet().iterator().next();
        Leg leg = state.pendingLegs.remove(lost);
        assertThatThrownBy(() -> Snapshots.capture(state).complete().verify())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pending legs");
        state.pendingLegs.put(lost, leg);
        Snapshots.capture(state).complete().verify();
    }

    @Test
    void givenAnyState_whenHashedAsItStreams_thenTheHashIsThatOfTheSnapshotBytes() {
        EngineFixture fx = realisticScenario();
        assertThat(StateHash.of(fx.engine().state())).isEqualTo(StateHash.sha256(Snapshots.write(fx.engine().state())));
    }

    @Test
    void givenRestoredSnapshot_whenSameFurtherCommandsApplied_thenHashesStayEqual() {
        EngineFixture fx = realisticScenario();
        Engine restored = new Engine(Snapshots.read(Snapshots.write(fx.engine().state())));
        Transaction pendingTopUp = fx.engine().state().transactions().values().stream()
                .filter(t -> t.type() == TransactionType.TOP_UP
                        && t.status() == TransactionStatus.PENDING)
                .findFirst().orElseThrow();
        Transaction pendingSwap = fx.engine().state().transactions().values().stream()
                .filter(t -> t.type() == TransactionType.FX_SWAP)
                .findFirst().orElseThrow();
        int before = fx.journal().size();

        fx.advance(SECOND);
        fx.completeLeg(pendingTopUp.id(), Leg.FUNDING, true, null);
        fx.completeLeg(pendingSwap.id(), Leg.FX, true, null);
        fx.transfer(eur("10.00")).accepted();
        fx.advance(EngineFixture.DAY);
        fx.transfer(eur("10.00")).accepted();

        for (EngineFixture.Journaled entry : fx.journal().subList(before, fx.journal().size())) {
            restored.apply(entry.command(), entry.atMillis());
            restored.verifyInvariants();
        }
        assertThat(StateHash.of(restored.state())).isEqualTo(fx.hash());
    }

    @Test
    void givenTwoEnginesThatSawTheSameCommands_whenOneSeesARejectedCommand_thenOnlyClockAndCounterDiffer() {
        EngineFixture fx = realisticScenario();
        Engine twin = new Engine(Snapshots.read(Snapshots.write(fx.engine().state())));
        Command.Initiate refused = fx.transfer(eur("999999.00")).command();

        fx.apply(refused);
        twin.apply(new Command.CompleteLeg(new TransactionId("tx_nothing"), Leg.FX, true, null), fx.now());

        assertThat(StateHash.of(twin.state())).isEqualTo(fx.hash());
    }

    @Test
    void givenSnapshotBytes_whenMagicWrong_thenCorruptInput() {
        byte[] bytes = Snapshots.write(realisticScenario().engine().state());
        bytes[0] ^= 0x55;

        assertThatThrownBy(() -> Snapshots.read(bytes)).isInstanceOf(Decoder.CorruptInput.class);
    }

    @Test
    void givenSnapshotBytes_whenTruncated_thenCorruptInput() {
        byte[] bytes = Snapshots.write(realisticScenario().engine().state());

        for (int length : new int[] {0, 3, 8, 100, bytes.length / 2, bytes.length - 1}) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> Snapshots.read(truncated)).as("length %d", length).isInstanceOf(Decoder.CorruptInput.class);
        }
    }

    @Test
    void givenSnapshotBytes_whenTrailingGarbage_thenCorruptInput() {
        byte[] bytes = Snapshots.write(realisticScenario().engine().state());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> Snapshots.read(longer)).isInstanceOf(Decoder.CorruptInput.class);
    }
}
