package io.crowdpay.gateway;

import java.util.function.LongConsumer;

/** Prints "label: N entries (R/s)" to stderr at most once a second while a long replay runs. */
public final class Progress implements LongConsumer {

    private final String label;
    private final long started = System.nanoTime();
    private long count;
    private long lastPrint = started;

    public Progress(String label) {
        this.label = label;
    }

    @Override
    public void accept(long index) {
        count++;
        if ((count & 1023) == 0) {
            long now = System.nanoTime();
            if (now - lastPrint > 1_000_000_000L) {
                lastPrint = now;
                double seconds = (now - started) / 1e9;
                System.err.printf("%s: %,d entries (%,.0f/s)%n", label, count, count / seconds);
            }
        }
    }

    long count() {
        return count;
    }
}
