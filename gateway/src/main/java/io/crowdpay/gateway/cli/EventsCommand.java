package io.crowdpay.gateway.cli;

import io.crowdpay.eventbus.example.PrintSettlements;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crowdpay events}: the EventBus example, printing settled and failed transactions as they happen. */
@Command(name = "events", description = "Print settled and failed transactions from JetStream as they happen (the EventBus example).")
final class EventsCommand implements Callable<Integer> {

    @Option(names = "--nats", description = "NATS server. Default: MESSAGE_BROKER_URL or nats://127.0.0.1:4222.")
    String nats;

    @Option(names = "--durable", defaultValue = "print-settlements", description = "Durable consumer name (default ${DEFAULT-VALUE}).")
    String durable;

    @Override
    public Integer call() throws Exception {
        String url = CrowdPayCli.brokerUrl(nats);
        PrintSettlements.main(new String[]{url, durable});
        return 0;
    }
}
