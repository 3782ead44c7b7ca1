package io.crowdpay.eventbus.example;

import io.crowdpay.eventbus.EventBus;
import io.crowdpay.eventbus.TransactionFailed;
import io.crowdpay.eventbus.TransactionSettled;

/**
 * The seed's section 5.2 in Java: print every settled and failed transaction as it happens.
 * {@code crowdpay events} runs it; or {@code java -cp <classpath> io.crowdpay.eventbus.example.PrintSettlements nats://127.0.0.1:4222}.
 */
public final class PrintSettlements {

    private PrintSettlements() {
    }

    public static void main(String[] args) throws InterruptedException {
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("MESSAGE_BROKER_URL", "nats://127.0.0.1:4222");
        EventBus bus = EventBus.builder(url).durable(args.length > 1 ? args[1] : "print-settlements").build();
        bus.subscribe(TransactionSettled.class, e -> System.out.println("[✓] Transaction " + e.transactionId() + " settled in ledger."));
        bus.subscribe(TransactionFailed.class, e -> System.out.println("[✗] Transaction " + e.transactionId() + " rolled back: " + e.reason()));
        Runtime.getRuntime().addShutdownHook(new Thread(bus::close));
        bus.runForever();
    }
}
