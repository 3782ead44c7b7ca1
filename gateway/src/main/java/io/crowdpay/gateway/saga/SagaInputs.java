package io.crowdpay.gateway.saga;

import io.crowdpay.engine.command.Command;
import io.crowdpay.journal.ring.Pipeline;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the saga's answers (leg results, AML verdicts, KYC updates) from JetStream with a durable pull
 * consumer and hands each to the ring as a journaled input. A message is acknowledged only after the
 * engine applied its command, so nothing is lost in a crash; one redelivered after that (the ack got
 * lost) is dropped here if its {@code Nats-Msg-Id} was seen recently, and the engine ignores a repeat
 * anyway (a leg answer counts once, a compensation happens once). Messages that do not parse are
 * terminated with a log line: no redelivery can fix them.
 */
public final class SagaInputs implements AutoCloseable {

    public static final String DURABLE = "crowdpay-engine";
    /** Recently seen message ids kept for dedupe; the engine's own idempotency covers the rest. */
    static final int SEEN_MAX = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(SagaInputs.class);
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    private final Connection nats;
    private final Pipeline pipeline;
    private final Thread reader;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1 << 10, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_MAX;
        }
    };
    private volatile boolean running = true;
    private volatile long applied;
    private volatile long duplicates;
    private volatile long poison;

    private SagaInputs(Connection nats, Pipeline pipeline) {
        this.nats = nats;
        this.pipeline = pipeline;
        this.reader = new Thread(this::readLoop, "saga-inputs");
        this.reader.setDaemon(true);
    }

    public static SagaInputs start(Connection nats, Pipeline pipeline) {
        SagaInputs inputs = new SagaInputs(nats, pipeline);
        inputs.reader.start();
        return inputs;
    }

    public long applied() {
        return applied;
    }

    public long duplicates() {
        return duplicates;
    }

    public long poison() {
        return poison;
    }

    private void readLoop() {
        long backoff = 100;
        while (running) {
            try {
                JetStreamSubscription subscription = subscribe();
                backoff = 100;
                while (running) {
                    List<Message> batch = subscription.fetch(256, Duration.ofMillis(200));
                    for (Message message : batch) {
                        handle(message);
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warn("saga inputs: {}; retrying in {} ms", e.toString(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private JetStreamSubscription subscribe() throws Exception {
        SagaSubjects.ensureStream(nats.jetStreamManagement());
        JetStream js = nats.jetStream();
        // One filter subject (NATS 2.9 takes no more): the whole saga stream; requests are skipped.
        ConsumerConfiguration config = ConsumerConfiguration.builder().durable(DURABLE).ackPolicy(AckPolicy.Explicit)
                .ackWait(ACK_WAIT).deliverPolicy(DeliverPolicy.All).filterSubject(SagaSubjects.PREFIX + ">")
                .maxAckPending(4_096).build();
        return js.subscribe(SagaSubjects.PREFIX + ">", PullSubscribeOptions.builder().configuration(config).build());
    }

    private void handle(Message message) throws InterruptedException {
        String subject = message.getSubject();
        if (subject.endsWith(".request")) {
            message.ack(); // our own leg requests, for the counterparties
            return;
        }
        String id = message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
        String correlation = message.getHeaders() == null ? null : message.getHeaders().getFirst("X-Correlation-Id");
        try (var mdc = org.slf4j.MDC.putCloseable("correlation_id", correlation)) {
            apply(message, subject, id);
        }
    }

    private void apply(Message message, String subject, String id) throws InterruptedException {
        if (id != null && seen.containsKey(id)) {
            duplicates++;
            message.ack();
            return;
        }
        Command command;
        try {
            command = SagaMessages.toCommand(subject, message.getData());
        } catch (SagaMessages.Malformed e) {
            poison++;
            LOG.error("dropping a malformed message on {} ({}): {}", subject, e.getMessage(),
                    new String(message.getData(), java.nio.charset.StandardCharsets.UTF_8));
            message.term();
            return;
        }
        if (id != null) {
            seen.put(id, Boolean.TRUE);
        }
        pipeline.publish(command, slot -> {
            if (slot.haltReason() == null) {
                applied++;
                message.ack();
            }
        });
    }

    @Override
    public void close() {
        running = false;
        reader.interrupt();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
