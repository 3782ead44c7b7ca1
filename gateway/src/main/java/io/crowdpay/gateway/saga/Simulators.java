package io.crowdpay.gateway.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counterparties as a separate process, for tests, demos and chaos runs: an FX liquidity provider
 * and a bank that take the service's leg requests from JetStream and answer after a latency, failing
 * or never answering (a timeout) at configured rates; and an AML screen that, at its own rate, sends a
 * hit for a transaction after its leg (a reversal if it settled, a failure if not). Answers carry
 * {@code Nats-Msg-Id}, so the simulator's own redeliveries are stored once.
 */
public final class Simulators implements AutoCloseable {

    /** What the simulated counterparties do; rates are probabilities in 0..1. */
    public record Behaviour(long latencyMillis, double failRate, double timeoutRate, double amlHitRate, long seed) {
        public Behaviour {
            for (double rate : new double[]{failRate, timeoutRate, amlHitRate}) {
                if (rate < 0 || rate > 1) {
                    throw new IllegalArgumentException("rates are between 0 and 1");
                }
            }
            if (failRate + timeoutRate > 1 || latencyMillis < 0) {
                throw new IllegalArgumentException("fail + timeout rates at most 1, latency not negative");
            }
        }

        /** Everything answered at once and confirmed: the embedded default. */
        public static final Behaviour ALWAYS_CONFIRM = new Behaviour(0, 0, 0, 0, 1);

        /** What happens to one leg, drawn from {@code random}: the one rule both transports follow. */
        public Outcome decide(Random random) {
            double roll = random.nextDouble();
            boolean hit = random.nextDouble() < amlHitRate;
            LegAnswer answer = roll < timeoutRate ? LegAnswer.NONE : roll < timeoutRate + failRate ? LegAnswer.FAIL : LegAnswer.CONFIRM;
            return new Outcome(answer, hit);
        }
    }

    /** A simulated counterparty's answer to a leg. */
    public enum LegAnswer {
        CONFIRM, FAIL, NONE
    }

    /** What a simulated counterparty does with one leg, and whether the AML screen then flags it. */
    public record Outcome(LegAnswer answer, boolean amlHit) {
    }

    public static final String DURABLE = "crowdpay-simulators";
    private static final Logger LOG = LoggerFactory.getLogger(Simulators.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection nats;
    private final Behaviour behaviour;
    private final Random random;
    private final ScheduledThreadPoolExecutor answers;
    private final Thread reader;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong amlHits = new AtomicLong();
    private volatile boolean running = true;

    private Simulators(Connection nats, Behaviour behaviour) {
        this.nats = nats;
        this.behaviour = behaviour;
        this.random = new Random(behaviour.seed());
        this.answers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "simulator-answers");
            t.setDaemon(true);
            return t;
        });
        this.reader = new Thread(this::readLoop, "simulator-requests");
        this.reader.setDaemon(true);
    }

    public static Simulators start(Connection nats, Behaviour behaviour) {
        Simulators s = new Simulators(nats, behaviour);
        s.reader.start();
        return s;
    }

    /** One line of counts, for the command's progress output. */
    public String summary() {
        return "legs succeeded " + succeeded.get() + ", failed " + failed.get() + ", left unanswered " + timedOut.get()
                + "; AML hits " + amlHits.get();
    }

    private void readLoop() {
        while (running) {
            try {
                SagaSubjects.ensureStream(nats.jetStreamManagement());
                JetStream js = nats.jetStream();
                String filter = SagaSubjects.PREFIX + "leg.*.request";
                ConsumerConfiguration config = ConsumerConfiguration.builder().durable(DURABLE).ackPolicy(AckPolicy.Explicit)
                        .ackWait(Duration.ofSeconds(30)).filterSubject(filter).maxAckPending(10_000).build();
                JetStreamSubscription sub = js.subscribe(filter, PullSubscribeOptions.builder().configuration(config).build());
                while (running) {
                    List<Message> batch = sub.fetch(256, Duration.ofMillis(200));
                    for (Message m : batch) {
                        handle(js, m);
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warn("simulators: {}; retrying in 1 s", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void handle(JetStream js, Message request) throws Exception {
        JsonNode body = JSON.readTree(request.getData());
        TransactionId tx = new TransactionId(body.get("transaction_id").asText());
        Leg leg = Leg.valueOf(body.get("leg").asText());
        String correlation = body.has("correlation_id") ? body.get("correlation_id").asText() : null;
        Outcome outcome;
        synchronized (random) {
            outcome = behaviour.decide(random);
        }
        boolean hit = outcome.amlHit();
        request.ack();
        if (outcome.answer() == LegAnswer.NONE) {
            timedOut.incrementAndGet();
            return;
        }
        boolean success = outcome.answer() == LegAnswer.CONFIRM;
        answers.schedule(() -> {
            String reason = success ? null : "simulated " + leg.name().toLowerCase(java.util.Locale.ROOT) + " rejection";
            send(js, SagaSubjects.legResult(leg), "result-" + tx.value() + "-" + leg, correlation,
                    SagaMessages.legResult(tx, leg, success, reason));
            (success ? succeeded : failed).incrementAndGet();
            if (hit) {
                send(js, SagaSubjects.AML_RESULT, "aml-" + tx.value(), correlation, SagaMessages.amlResult(tx, true, "simulated AML hit"));
                amlHits.incrementAndGet();
            }
        }, behaviour.latencyMillis(), TimeUnit.MILLISECONDS);
    }

    private void send(JetStream js, String subject, String id, String correlation, byte[] body) {
        Headers headers = new Headers().put("Nats-Msg-Id", id);
        if (correlation != null) {
            headers.put("X-Correlation-Id", correlation);
        }
        for (int attempt = 1; running; attempt++) {
            try {
                js.publish(NatsMessage.builder().subject(subject).headers(headers).data(body).build());
                return;
            } catch (Exception e) {
                LOG.warn("simulators: could not publish on {} ({}), attempt {}", subject, e.getMessage(), attempt);
                try {
                    Thread.sleep(Math.min(5_000, 100L * attempt));
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        reader.interrupt();
        answers.shutdown();
        try {
            answers.awaitTermination(5, TimeUnit.SECONDS);
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
