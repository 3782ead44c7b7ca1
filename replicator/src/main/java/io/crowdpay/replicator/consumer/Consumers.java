package io.crowdpay.replicator.consumer;

import io.crowdpay.replicator.log.EventLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Every consumer runner of the service, and the lag bound they are held to: past
 * {@code lagEventsMax} events behind the log's head, any one of them makes the gateway shed new
 * commands (T003) until it has caught up again. The events wait on disk, not in memory, so the bound
 * limits staleness and disk, and memory stays flat however long a destination is down.
 */
public final class Consumers implements Downstream, AutoCloseable {

    public static final long LAG_EVENTS_MAX_DEFAULT = 2_000_000;

    private final EventLog log;
    private final long lagEventsMax;
    private final List<ConsumerRunner> runners = new ArrayList<>();
    private final List<ConsumerRunner> bounded = new ArrayList<>();

    public Consumers(EventLog log, long lagEventsMax) {
        if (lagEventsMax < 1) {
            throw new IllegalArgumentException("lag bound must be positive");
        }
        this.log = log;
        this.lagEventsMax = lagEventsMax;
    }

    /** Starts a consumer held to the lag bound. */
    public Consumers start(EventConsumer consumer) {
        return start(consumer, true);
    }

    /**
     * Starts a consumer; one not {@code heldToBound} is reported but never sheds load: the in-memory
     * projection, which replays the whole log after every start, and whose lag costs neither disk
     * nor memory, only a stale list for a few seconds.
     */
    public Consumers start(EventConsumer consumer, boolean heldToBound) {
        ConsumerRunner runner = ConsumerRunner.start(consumer, log);
        runners.add(runner);
        if (heldToBound) {
            bounded.add(runner);
        }
        return this;
    }

    public List<ConsumerRunner> runners() {
        return List.copyOf(runners);
    }

    @Override
    public String shedding() {
        for (ConsumerRunner runner : bounded) {
            if (runner.lag() <= lagEventsMax) {
                continue;
            }
            ConsumerStatus status = runner.status();
            if (status.lag() > lagEventsMax) {
                return "downstream consumer " + status.name() + " is " + status.lag() + " events behind (bound "
                        + lagEventsMax + (status.failure() == null ? "" : "; " + status.failure()) + ")";
            }
        }
        return null;
    }

    @Override
    public List<ConsumerStatus> consumers() {
        return runners.stream().map(ConsumerRunner::status).toList();
    }

    /** Gives each consumer up to {@code millis} to store what the log holds, then stops them all. */
    public void drainAndClose(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        for (ConsumerRunner runner : runners) {
            runner.awaitCaughtUp(Math.max(0, deadline - System.currentTimeMillis()));
        }
        close();
    }

    @Override
    public void close() {
        runners.forEach(ConsumerRunner::close);
    }
}
