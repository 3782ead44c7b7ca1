package io.crowdpay.replicator.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.jetstream.ConnectionWatchdog;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The watchdog against the real nats-server, through {@link TcpProxy} (here because the proxy is):
 * a connection that stays open but answers nothing is reconnected, and the same {@link Connection}
 * answers JetStream requests again; a healthy one is left alone.
 */
class ConnectionWatchdogTest {

    private static final String NATS_URL = System.getProperty("crowdpay.test.natsUrl", "nats://127.0.0.1:4222");
    private static final Duration FAST_PROBE = Duration.ofMillis(100);
    private static final Duration FAST_TIMEOUT = Duration.ofMillis(300);
    private static final Duration FAST_STALL = Duration.ofSeconds(1);

    @Test
    void givenAConnectedConnectionThatAnswersNothing_whenWatched_thenTheSameConnectionAnswersAgain() throws Exception {
        URI nats = URI.create(NATS_URL);
        try (TcpProxy proxy = TcpProxy.to(nats.getHost(), nats.getPort())) {
            Connection connection = connect(proxy.url());
            try (ConnectionWatchdog watchdog = ConnectionWatchdog.start(connection, "test", FAST_PROBE, FAST_TIMEOUT, FAST_STALL)) {
                JetStreamManagement jsm = connection.jetStreamManagement(JetStreamOptions.builder()
                        .requestTimeout(Duration.ofMillis(500)).build());
                jsm.getAccountStatistics();
                long reconnects = connection.getStatistics().getReconnects();

                proxy.silence();
                assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                assertThatThrownBy(jsm::getAccountStatistics).isInstanceOf(IOException.class);

                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!answers(jsm)) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the silent connection was not reconnected within 15 s");
                    }
                    Thread.sleep(100);
                }
                assertThat(connection.getStatistics().getReconnects()).isGreaterThan(reconnects);
            } finally {
                connection.close();
            }
        }
    }

    @Test
    void givenAHealthyConnection_whenWatched_thenItIsNeverReconnected() throws Exception {
        Connection connection = connect(NATS_URL);
        try (ConnectionWatchdog watchdog = ConnectionWatchdog.start(connection, "test", FAST_PROBE, FAST_TIMEOUT, FAST_STALL)) {
            Thread.sleep(2_500);
            assertThat(watchdog.forcedReconnects()).isZero();
            assertThat(connection.getStatistics().getReconnects()).isZero();
        } finally {
            connection.close();
        }
    }

    private static boolean answers(JetStreamManagement jsm) {
        try {
            jsm.getAccountStatistics();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Connection connect(String url) throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(2))
                .reconnectWait(Duration.ofMillis(50)).maxReconnects(-1).build());
    }
}
