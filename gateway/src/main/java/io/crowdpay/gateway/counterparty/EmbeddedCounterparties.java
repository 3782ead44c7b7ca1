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
    private final Thread answering;
    private volatile Consumer<Command> inputs;
    private volatile boolean running = true;

    public EmbeddedCounterparties(int capacity) {
        this(capacity, java.util.EnumSet.allOf(Leg.class));
    }

    /** Answers only the given legs (the others travel over NATS). */
    public EmbeddedCounterparties(int capacity, java.util.Set<Leg> legs) {
        this.legs = java.util.EnumSet.copyOf(legs);
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
                    inputs.accept(new Command.CompleteLeg(r.transaction(), r.leg(), !r.fail(),
                            r.fail() ? "simulated " + r.leg().name().toLowerCase(java.util.Locale.ROOT) + " failure" : null));
                }
            } catch (InterruptedException e) {
                return;
            } catch (IllegalStateException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        answering.interrupt();
    }
}
