package io.crowdpay.gateway.saga;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.journal.ring.CommandSlot;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the saga's leg requests (FX settlement, bank payout) to the counterparties over JetStream.
 * As an output handler it only queues them (never blocking the ring: the queue holds more than the
 * engine lets legs wait); its own thread publishes each one with {@code Nats-Msg-Id} =
 * {@code leg-<transaction>-<leg>}, retrying while NATS is away, so a request sent twice (a retry, a
 * restart re-asking for pending legs) is stored once. Answers come back through {@link SagaInputs};
 * a leg nobody answers is timed out by the leg timer.
 */
public final class NatsLegs implements EventHandler<CommandSlot>, AutoCloseable {

    /** The legs that travel over NATS; funding (card, bank transfer in) stays with the embedded network. */
    public static final Set<Leg> LEGS = EnumSet.of(Leg.FX, Leg.PAYOUT);

    private static final Logger LOG = LoggerFactory.getLogger(NatsLegs.class);
    private static final long RETRY_MILLIS_MAX = 5_000;

    private record Request(Transaction transaction, Leg leg, long requestedAtMillis) {
    }

    private final JetStream jetStream;
    private final BlockingQueue<Request> queue;
    private final Thread sender;
    private volatile boolean running = true;
    private volatile long sent;

    public NatsLegs(Connection nats, int capacity) throws java.io.IOException {
        this.jetStream = nats.jetStream();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = new Thread(this::sendLoop, "nats-legs");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Asks for a leg (again, after a restart); the message id makes a repeat harmless. */
    public void request(Transaction tx, Leg leg, long requestedAtMillis) {
        if (LEGS.contains(leg) && !queue.offer(new Request(tx, leg, requestedAtMillis))) {
            LOG.error("leg request queue full; {} leg of {} not sent (its timeout will fail it)", leg, tx.id());
        }
    }

    @Override
    public void onEvent(CommandSlot slot, long sequence, boolean endOfBatch) {
        Transaction initiated = null;
        for (Event event : slot.events()) {
            if (event instanceof Event.TransactionInitiated e) {
                initiated = e.transaction();
            } else if (event instanceof Event.LegRequested e && initiated != null && initiated.id().equals(e.transaction())) {
                request(initiated, e.leg(), e.atMillis());
            }
        }
    }

    /** Leg requests published since start. */
    public long sent() {
        return sent;
    }

    private void sendLoop() {
        while (running) {
            Request r;
            try {
                r = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (r != null) {
                publish(r);
            }
        }
    }

    private void publish(Request r) {
        try (var mdc = org.slf4j.MDC.putCloseable("correlation_id", r.transaction().request().correlationId())) {
            send(r);
        }
    }

    private void send(Request r) {
        Headers headers = new Headers().put("Nats-Msg-Id", SagaMessages.legRequestId(r.transaction().id(), r.leg()));
        if (r.transaction().request().correlationId() != null) {
            headers.put("X-Correlation-Id", r.transaction().request().correlationId());
        }
        NatsMessage message = NatsMessage.builder().subject(SagaSubjects.legRequest(r.leg())).headers(headers)
                .data(SagaMessages.legRequest(r.transaction(), r.leg(), r.requestedAtMillis())).build();
        long backoff = 100;
        while (running) {
            try {
                PublishAck ack = jetStream.publish(message);
                if (!ack.isDuplicate()) {
                    sent++;
                }
                return;
            } catch (Exception e) {
                LOG.warn("could not send the {} leg request of {} ({}); retrying in {} ms", r.leg(), r.transaction().id(),
                        e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = Math.min(backoff * 2, RETRY_MILLIS_MAX);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
