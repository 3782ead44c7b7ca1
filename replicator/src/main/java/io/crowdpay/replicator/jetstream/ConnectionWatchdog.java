package io.crowdpay.replicator.jetstream;

import io.nats.client.Connection;
import io.nats.client.ForceReconnectOptions;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one shared NATS connection and reconnects it when it says it is connected but nothing comes
 * back. The stall this was written for: after a nats-server restart, jnats 2.24.1 sometimes reported
 * {@code CONNECTED} yet answered no JetStream request (nor a PING) for minutes, because its writer
 * had taken the end-of-reconnect marker before the reconnect thread set the mode that waits for it,
 * and then polled the empty reconnect queue for ever (nats-io/nats.java#1522; fixed in the jnats the
 * build now uses). The watchdog stays as a backstop for any other way a connection can go silent.
 *
 * <p>Every {@code probeInterval} the watchdog makes a round trip (a {@code PING}/{@code PONG} flush, then
 * the cheapest JetStream API request, {@code $JS.API.INFO}); any answer counts, an API error included.
 * While the connection is not {@code CONNECTED} jnats is reconnecting by itself and the watchdog waits.
 * An unanswered PING also counts toward jnats's own limit of outstanding PINGs (two), so on a silent
 * socket jnats itself usually reconnects after a few probes ("Max outgoing Ping count exceeded").
 * When a connected connection has answered nothing for {@code stallLimit}, it calls
 * {@link Connection#forceReconnect}: the same {@link Connection} object drops its socket and its
 * writer and connects again, resending its subscriptions, so its users (publishers, pull
 * subscriptions, JetStream contexts) carry on with no hand-over. To them it is one more disconnect,
 * which they already survive: a publish in flight fails or is acknowledged, the expected-last-sequence
 * and message-id guards keep the streams gap-free and without doubles, and pulled messages not yet
 * acknowledged are redelivered.
 */
public final class ConnectionWatchdog implements AutoCloseable {

    /** How often the connection is probed. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** How long one probe waits for each answer. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How long a connected connection may answer nothing before it is reconnected. */
    public static final Duration STALL_LIMIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatchdog.class);

    private final Connection connection;
    private final String name;
    private final Duration probeInterval;
    private final Duration probeTimeout;
    private final long stallLimitNanos;
    private final LongSupplier nanoClock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long forcedReconnects;
    /** When the connected connection last failed to answer after answering, or 0 while it answers. */
    private long silentSince;

    private ConnectionWatchdog(Connection connection, String name, Duration probeInterval, Duration probeTimeout,
                               Duration stallLimit, LongSupplier nanoClock) {
        if (!probeInterval.isPositive() || !probeTimeout.isPositive() || !stallLimit.isPositive()) {
            throw new IllegalArgumentException("probe interval, probe timeout and stall limit must be positive");
        }
        this.connection = Objects.requireNonNull(connection, "connection");
        this.name = Objects.requireNonNull(name, "name");
        this.probeInterval = probeInterval;
        this.probeTimeout = probeTimeout;
        this.stallLimitNanos = stallLimit.toNanos();
        this.nanoClock = nanoClock;
        this.thread = new Thread(this::watch, "nats-watchdog-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts watching with the default interval, timeout and stall limit. */
    public static ConnectionWatchdog start(Connection connection, String name) {
        return start(connection, name, PROBE_INTERVAL, PROBE_TIMEOUT, STALL_LIMIT);
    }

    public static ConnectionWatchdog start(Connection connection, String name, Duration probeInterval,
                                           Duration probeTimeout, Duration stallLimit) {
        ConnectionWatchdog watchdog = new ConnectionWatchdog(connection, name, probeInterval, probeTimeout, stallLimit,
                System::nanoTime);
        watchdog.thread.start();
        return watchdog;
    }

    /** Reconnections this watchdog forced since it started. */
    public long forcedReconnects() {
        return forcedReconnects;
    }

    private void watch() {
        while (running) {
            try {
                check();
                Thread.sleep(probeInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("NATS watchdog: {}", e.toString());
            }
        }
    }

    /** One probe; package-private for tests. */
    void check() throws InterruptedException {
        Connection.Status status = connection.getStatus();
        if (status == Connection.Status.CLOSED) {
            running = false;
            return;
        }
        if (status != Connection.Status.CONNECTED) {
            silentSince = 0; // jnats is reconnecting by itself: not a stall
            return;
        }
        String silence = probe();
        if (silence == null) {
            if (silentSince != 0) {
                LOG.info("NATS connection {} answers again", name);
            }
            silentSince = 0;
            return;
        }
        long now = nanoClock.getAsLong();
        if (silentSince == 0) {
            silentSince = now;
            return;
        }
        if (now - silentSince < stallLimitNanos || connection.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        forcedReconnects++;
        LOG.warn("NATS connection {} is connected but has answered nothing for {} ms ({}): forcing a reconnect",
                name, (now - silentSince) / 1_000_000, silence);
        silentSince = 0;
        try {
            connection.forceReconnect(ForceReconnectOptions.FORCE_CLOSE_INSTANCE);
        } catch (IOException e) {
            LOG.warn("NATS watchdog: the forced reconnect failed: {}", e.toString());
        }
    }

    /** Null when the connection answered, else what went unanswered. */
    private String probe() throws InterruptedException {
        try {
            connection.flush(probeTimeout);
        } catch (TimeoutException e) {
            return "no PONG within " + probeTimeout.toMillis() + " ms";
        } catch (IllegalStateException e) { // closed, or disconnected under us
            return null;
        }
        try {
            JetStreamManagement jsm = connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(probeTimeout).build());
            jsm.getAccountStatistics();
            return null;
        } catch (JetStreamApiException e) {
            return null; // an answer, if not a happy one (JetStream disabled for the account, say)
        } catch (IOException e) {
            return "no JetStream API answer within " + probeTimeout.toMillis() + " ms: " + e.getMessage();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
