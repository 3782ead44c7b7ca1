package io.crowdpay.gateway.counterparty;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.journal.ring.CommandSlot;
import io.crowdpay.journal.ring.Pipeline;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's counterparties: card/bank funding, the bank payout and the FX liquidity
 * provider, answering in-process. As an output handler it collects leg requests from the engine's
 * events; its own thread answers them as {@link Command.CompleteLeg} inputs through the ring, where
 * they are journaled like any other command. The NATS legs of a later issue replace the answering
 * thread behind the same seam: leg requests out, journaled answers in.
 *
 * <p>A leg fails when the transaction's metadata says {@code "simulate_leg": "fail"}, and is never
 * answered (so the {@link LegTimer} times it out) when it says {@code "timeout"}: documented hooks for
 * demos and tests; every other leg is confirmed.
 *
 * <p>The request queue holds more than the engine's {@code pendingLegsMax}, so offering to it never
 * blocks the ring; the answering thread waits for ring slots, which the output stages free without
 * ever waiting on it.
 */
public final class EmbeddedCounterparties implements EventHandler<CommandSlot>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCounterparties.class);
    public static final String SIMULATE_KEY = "simulate_leg";
    public static final String SIMULATE_FAIL = "fail";
    public static final String SIMULATE_TIMEOUT = "timeout";

    private record Request(TransactionId transaction, Leg leg, boolean fail) {
    }

    private final BlockingQueue<Request> requests;
    private final java.util.Set<Leg> legs;
    private final io.crowdpay.gateway.saga.Simulators.Behaviour behaviour;
    private final java.util.Random random;
    private final java.util.concurrent.ScheduledThreadPoolExecutor delayed;
    private final Thread answering;
    private volatile Consumer<Command> inputs;
    private volatile boolean running = true;

    public EmbeddedCounterparties(int capacity) {
        this(capacity, java.util.EnumSet.allOf(Leg.class), io.crowdpay.gateway.saga.Simulators.Behaviour.ALWAYS_CONFIRM);
    }

    /**
     * Answers only the given legs (the others travel over NATS), with the simulators' behaviour: the
     * same rule ({@code Behaviour.decide}) decides here, in-process, what {@code crowdpay simulate}
     * decides over NATS: latency, failures, unanswered legs and AML hits.
     */
    public EmbeddedCounterparties(int capacity, java.util.Set<Leg> legs, io.crowdpay.gateway.saga.Simulators.Behaviour behaviour) {
        this.legs = java.util.EnumSet.copyOf(legs);
        this.behaviour = behaviour;
        this.random = new java.util.Random(behaviour.seed());
        this.delayed = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "embedded-counterparties-latency");
            t.setDaemon(true);
            return t;
        });
        this.requests = new ArrayBlockingQueue<>(capacity);
        this.answering = new Thread(this::answerLoop, "embedded-counterparties");
        this.answering.setDaemon(true);
    }

    /** Starts answering into the pipeline; requests collected before this wait in the queue. */
    public void start(Pipeline pipeline) {
        this.inputs = command -> pipeline.publish(command, null);
        answering.start();
    }

    /** Asks again for a leg that was pending when the service stopped; its answer may now arrive. */
    public void request(TransactionId transaction, Leg leg, boolean fail) {
        if (!legs.contains(leg)) {
            return;
        }
        if (!requests.offer(new Request(transaction, leg, fail))) {
            LOG.error("counterparty queue full; leg {} of {} not requested", leg, transaction);
        }
    }

    @Override
    public void onEvent(CommandSlot slot, long sequence, boolean endOfBatch) {
        for (Event event : slot.events()) {
            if (event instanceof Event.LegRequested leg) {
                String simulate = slot.command() instanceof Command.Initiate init ? init.metadata().get(SIMULATE_KEY) : null;
                if (!SIMULATE_TIMEOUT.equals(simulate)) {
                    request(leg.transaction(), leg.leg(), SIMULATE_FAIL.equals(simulate));
                }
            }
        }
    }

    private void answerLoop() {
        while (running) {
            try {
                Request r = requests.poll(100, TimeUnit.MILLISECONDS);
                if (r != null) {
                    answer(r);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IllegalStateException closed) {
                return;
            }
        }
    }

    /** The metadata's {@code simulate_leg} wins; otherwise the behaviour draws the answer. */
    private void answer(Request r) {
        String failure = "simulated " + r.leg().name().toLowerCase(java.util.Locale.ROOT) + " failure";
        if (r.fail()) {
            inputs.accept(new Command.CompleteLeg(r.transaction(), r.leg(), false, failure));
            return;
        }
        var outcome = behaviour.decide(random);
        if (outcome.answer() == io.crowdpay.gateway.saga.Simulators.LegAnswer.NONE) {
            return; // left to the leg timer
        }
        Command answer = new Command.CompleteLeg(r.transaction(), r.leg(),
                outcome.answer() == io.crowdpay.gateway.saga.Simulators.LegAnswer.CONFIRM,
                outcome.answer() == io.crowdpay.gateway.saga.Simulators.LegAnswer.CONFIRM ? null : failure);
        Runnable send = () -> {
            inputs.accept(answer);
            if (outcome.amlHit()) {
                inputs.accept(new Command.ScreenAml(r.transaction(), true, "simulated AML hit"));
            }
        };
        if (behaviour.latencyMillis() == 0) {
            send.run();
        } else {
            delayed.schedule(() -> {
                try {
                    send.run();
                } catch (IllegalStateException closed) {
                    // the pipeline stopped meanwhile: the leg is asked for again at the next start
                }
            }, behaviour.latencyMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        running = false;
        delayed.shutdownNow();
        answering.interrupt();
    }
}
