package io.crowdpay.gateway.cli;

import io.crowdpay.gateway.saga.Simulators;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crowdpay simulate}: the FX liquidity provider, the bank and the AML screen as one separate
 * process over NATS, answering the service's leg requests with a latency and failure rates. Runs until
 * stopped, with a line of counts every few seconds.
 */
@Command(name = "simulate", description = "Run the counterparty simulators (FX provider, bank, AML screen) over NATS until stopped.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--nats", description = "NATS server. Default: MESSAGE_BROKER_URL or nats://127.0.0.1:4222.")
    String nats;

    @Option(names = "--latency-ms", defaultValue = "20", description = "Delay before each answer (default ${DEFAULT-VALUE}).")
    long latencyMillis;

    @Option(names = "--fail-rate", defaultValue = "0.0", description = "Share of legs answered with a failure (0..1).")
    double failRate;

    @Option(names = "--timeout-rate", defaultValue = "0.0", description = "Share of legs never answered, left to time out (0..1).")
    double timeoutRate;

    @Option(names = "--aml-hit-rate", defaultValue = "0.0", description = "Share of transactions the AML screen flags after their leg (0..1).")
    double amlHitRate;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed, for repeatable runs.")
    long seed;

    @Override
    public Integer call() throws Exception {
        String url = CrowdPayCli.brokerUrl(nats);
        Simulators.Behaviour behaviour = new Simulators.Behaviour(latencyMillis, failRate, timeoutRate, amlHitRate, seed);
        try (Connection connection = Nats.connectReconnectOnConnect(new Options.Builder().server(url)
                .connectionName("crowdpay-simulators").maxReconnects(-1).build());
             Simulators simulators = Simulators.start(connection, behaviour)) {
            System.err.printf("crowdpay simulate: on %s, latency %d ms, fail %.2f, timeout %.2f, AML hit %.2f%n", url,
                    latencyMillis, failRate, timeoutRate, amlHitRate);
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            while (!stop.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println("crowdpay simulate: " + simulators.summary());
            }
            System.err.println("crowdpay simulate: stopped; " + simulators.summary());
        }
        return 0;
    }
}
