package io.crowdpay.eventbus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the transaction service's events on JetStream, mirroring the seed's Python client:
 *
 * <pre>{@code
 * EventBus bus = new EventBus("nats://127.0.0.1:4222");
 * bus.subscribe(TransactionSettled.class, e -> System.out.println("settled " + e.transactionId()));
 * bus.subscribe(TransactionFailed.class, e -> System.out.println("failed " + e.transactionId() + ": " + e.reason()));
 * bus.runForever();
 * }</pre>
 *
 * <p>Delivery: a durable pull consumer (its name, {@link Builder#durable}, is the subscriber's
 * identity: a restarted subscriber goes on where it stopped). A message is acknowledged after its
 * handler returns; a handler that throws gets the event again (at least once). Duplicates (JetStream
 * redelivers when an ack is lost) are dropped by event id within the last {@value #SEEN_MAX} events,
 * so a handler sees each event once in normal operation; handlers that must never see one twice keep
 * the event id with their own writes. The connection reconnects for ever; the loop resubscribes
 * after any error.
 */
public final class EventBus implements AutoCloseable {

    /** Event ids remembered for dedupe. */
    public static final int SEEN_MAX = 100_000;

    /** Handles one event; an exception asks for redelivery. */
    @FunctionalInterface
    public interface Handler<E extends BusEvent> {
        void handle(E event) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String stream;
    private final String subjectPrefix;
    private final String durable;
    private final Map<Class<? extends BusEvent>, Handler<BusEvent>> handlers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1 << 10, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_MAX;
        }
    };
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Thread loop;
    private volatile long delivered;
    private volatile long duplicates;

    /** A bus on the default stream ({@code CROWDPAY_EVENTS}, subjects {@code crowdpay.tx.>}), durable {@code crowdpay-eventbus}. */
    public EventBus(String natsUrl) {
        this(builder(natsUrl));
    }

    private EventBus(Builder b) {
        this.url = b.url;
        this.stream = b.stream;
        this.subjectPrefix = b.subjectPrefix;
        this.durable = b.durable;
    }

    public static Builder builder(String natsUrl) {
        return new Builder(natsUrl);
    }

    /** Settings of a bus: which stream and subjects, and the durable consumer's name. */
    public static final class Builder {
        private final String url;
        private String stream = "CROWDPAY_EVENTS";
        private String subjectPrefix = "crowdpay";
        private String durable = "crowdpay-eventbus";

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "natsUrl");
        }

        public Builder stream(String name, String subjectPrefix) {
            this.stream = name;
            this.subjectPrefix = subjectPrefix;
            return this;
        }

        /** The durable consumer's name: one per subscribing service; two buses with one name share the work. */
        public Builder durable(String name) {
            this.durable = name;
            return this;
        }

        public EventBus build() {
            return new EventBus(this);
        }
    }

    /** Calls {@code handler} for every event of {@code type}; replaces an earlier handler of that type. */
    @SuppressWarnings("unchecked")
    public <E extends BusEvent> EventBus subscribe(Class<E> type, Handler<E> handler) {
        handlers.put(type, (Handler<BusEvent>) handler);
        return this;
    }

    /** Events handed to handlers, and duplicates dropped, since start. */
    public long delivered() {
        return delivered;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Starts receiving on a thread of its own and returns. */
    public EventBus start() {
        Thread t = new Thread(this::receive, "eventbus-" + durable);
        t.setDaemon(true);
        loop = t;
        t.start();
        return this;
    }

    /** Receives until {@link #close()} (or the thread is interrupted). */
    public void runForever() throws InterruptedException {
        if (loop == null) {
            start();
        }
        stopped.await();
    }

    private void receive() {
        long backoff = 100;
        try (Connection nats = Nats.connectReconnectOnConnect(new Options.Builder().server(url)
                .connectionName("crowdpay-eventbus-" + durable).maxReconnects(-1).build())) {
            while (running) {
                try {
                    String filter = subjectPrefix + ".tx.>";
                    ConsumerConfiguration config = ConsumerConfiguration.builder().durable(durable).ackPolicy(AckPolicy.Explicit)
                            .ackWait(Duration.ofSeconds(30)).filterSubject(filter).build();
                    JetStreamSubscription sub = nats.jetStream().subscribe(filter,
                            PullSubscribeOptions.builder().stream(stream).configuration(config).build());
                    backoff = 100;
                    while (running) {
                        List<Message> batch = sub.fetch(256, Duration.ofMillis(200));
                        for (Message m : batch) {
                            dispatch(m);
                        }
                    }
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("event bus {}: {}; resubscribing in {} ms", durable, e.toString(), backoff);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("event bus {}: cannot connect to {}: {}", durable, url, e.toString());
        } finally {
            stopped.countDown();
        }
    }

    private void dispatch(Message m) {
        Headers h = m.getHeaders();
        String type = h == null ? null : h.getFirst("Crowdpay-Type");
        String id = h == null ? null : h.getFirst("Nats-Msg-Id");
        BusEvent event = type == null || id == null ? null : decode(type, id, h, m.getData());
        if (event == null) {
            m.ack(); // an event type this client does not map: nothing to hand over
            return;
        }
        if (seen.containsKey(id)) {
            duplicates++;
            m.ack();
            return;
        }
        Handler<BusEvent> handler = handlers.get(event.getClass());
        if (handler != null) {
            try {
                handler.handle(event);
            } catch (Exception e) {
                LOG.warn("event bus {}: handler failed on {} ({}); it comes again", durable, id, e.toString());
                m.nakWithDelay(Duration.ofSeconds(1));
                return;
            }
            delivered++;
        }
        seen.put(id, Boolean.TRUE);
        m.ack();
    }

    static BusEvent decode(String type, String id, Headers h, byte[] body) {
        long sequence;
        JsonNode payload;
        try {
            sequence = Long.parseLong(h.getFirst("Crowdpay-Sequence"));
            payload = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            LOG.warn("event {} does not parse: {}", id, e.toString());
            return null;
        }
        String tx = payload.path("transaction_id").asText();
        long at = payload.path("at_ms").asLong();
        String correlation = h.getFirst("X-Correlation-Id");
        return switch (type) {
            case "TransactionSettled.v1" -> new TransactionSettled(id, sequence, tx, at, correlation);
            case "TransactionFailed.v1" -> new TransactionFailed(id, sequence, tx, at, correlation,
                    payload.path("code").asText(), payload.path("reason").asText(null));
            case "TransactionReversed.v1" -> new TransactionReversed(id, sequence, tx, at, correlation,
                    payload.path("code").asText(), payload.path("reason").asText(null));
            default -> null;
        };
    }

    @Override
    public void close() {
        running = false;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopped.countDown();
    }
}
