package io.crowdpay.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdpay.gateway.http.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Samples {@code GET /readyz} at a fixed interval on a connection of its own and keeps, per
 * downstream consumer, the series of its lag (the "consumers" array: name, checkpoint, lag, state),
 * plus the ring backlog and how often the service said it was not ready. A sample is skipped, and
 * counted, when the previous one has not been answered yet: sampling must never queue up behind a
 * slow service and distort what it measures. At ten samples a second the body is parsed with the
 * project's JSON setup; this is not the hot path.
 */
final class ReadinessSampler implements Connection.Listener {

    private final EventLoop loop;
    private final Connector connector;
    private final byte[] request;
    private long startNanos;
    private final long intervalNanos;
    private final Map<String, LagSeries> consumers = new LinkedHashMap<>();
    private final Map<String, LagSeries> consumersMillis = new LinkedHashMap<>();
    private final LagSeries ringBacklog = new LagSeries();
    private Connection connection;
    private ScheduledFuture<?> timer;
    private long notReady;
    private long skipped;
    private long failed;
    private String lastReason;
    private boolean stopped;
    /** The largest consumer lag in the latest answered sample, for the progress line (read by another thread). */
    private volatile long latestMaxLag;
    private volatile String latestMaxLagName = "-";

    ReadinessSampler(Connector connector, byte[] request, long intervalNanos) {
        this.loop = connector.loop();
        this.connector = connector;
        this.request = request;
        this.intervalNanos = intervalNanos;
        this.connection = new Connection(-100, 1, this);
    }

    Connection connection() {
        return connection;
    }

    /** Starts sampling; sample times are kept relative to startNanos (the schedule's start). Called on the loop. */
    void start(long startNanos) {
        this.startNanos = startNanos;
        timer = loop.scheduleAtFixedRate(this::sample, 0, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /** Stops sampling; called on the loop. */
    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void sample() {
        if (!connection.hasRoom()) {
            skipped++;
            return;
        }
        InFlight slot = connection.claim();
        slot.kind = InFlight.Kind.READYZ;
        ByteBuf buf = connection.allocate(request.length);
        buf.writeBytes(request);
        connection.send(buf);
        connection.flush();
    }

    @Override
    public void onResponse(Connection c, InFlight r, int status, ByteBuf buf, int bodyStart, int bodyLength, long nowNanos) {
        long atMillis = (nowNanos - startNanos) / 1_000_000;
        JsonNode body;
        try (ByteBufInputStream in = new ByteBufInputStream(buf.slice(bodyStart, bodyLength))) {
            body = Json.MAPPER.readTree((java.io.InputStream) in);
        } catch (IOException e) {
            failed++;
            return;
        }
        if (status != 200) {
            notReady++;
            lastReason = body.path("reason").asText(null);
        }
        ringBacklog.add(atMillis, body.path("ring_backlog").asLong());
        long maxLag = 0;
        String maxName = "-";
        for (JsonNode consumer : body.path("consumers")) {
            String name = consumer.path("name").asText("?");
            long lag = consumer.path("lag").asLong();
            consumers.computeIfAbsent(name, n -> new LagSeries()).add(atMillis, lag);
            if (consumer.has("lag_ms")) {
                consumersMillis.computeIfAbsent(name, n -> new LagSeries(LagSeries.GROWTH_MILLIS_MIN))
                        .add(atMillis, consumer.path("lag_ms").asLong());
            }
            if (lag >= maxLag) {
                maxLag = lag;
                maxName = name;
            }
        }
        latestMaxLagName = maxName;
        latestMaxLag = maxLag;
    }

    @Override
    public void onReadComplete(Connection c) {
    }

    @Override
    public void onClosed(Connection c, List<InFlight> lost) {
        failed += lost.size();
        if (!stopped) {
            Connection fresh = new Connection(c.id, 1, this);
            connection = fresh;
            loop.schedule(() -> connector.connect(fresh), 100, TimeUnit.MILLISECONDS);
        }
    }

    long latestMaxLag() {
        return latestMaxLag;
    }

    String latestMaxLagName() {
        return latestMaxLagName;
    }

    /** What was sampled; call on the loop (or after it stopped). */
    Readiness result(long fromMillis, long toMillis, long windowMillis) {
        Map<String, LagSeries.Summary> summaries = new LinkedHashMap<>();
        consumers.forEach((name, series) -> summaries.put(name, series.summarize(fromMillis, toMillis, windowMillis)));
        Map<String, LagSeries.Summary> inTime = new LinkedHashMap<>();
        consumersMillis.forEach((name, series) -> inTime.put(name, series.summarize(fromMillis, toMillis, windowMillis)));
        return new Readiness(summaries, inTime, ringBacklog.summarize(fromMillis, toMillis, windowMillis), ringBacklog.size(), notReady,
                skipped, failed, lastReason);
    }

    /**
     * The sampling's outcome for the report.
     *
     * @param consumers   per consumer name, its lag summary over the measured phase (events)
     * @param consumersMillis per consumer name, its lag in time (ms; /readyz "lag_ms"), empty from a
     *                    service that does not report it
     * @param ringBacklog the input ring's backlog, summarised the same way
     * @param samples     answered samples over the whole run
     * @param notReady    samples answered 503 (not ready: shedding, lagging or halted)
     * @param skipped     ticks skipped because the previous sample was unanswered
     * @param failed      samples lost to a dropped connection or an unreadable body
     * @param lastReason  the last not-ready reason, or null
     */
    record Readiness(Map<String, LagSeries.Summary> consumers, Map<String, LagSeries.Summary> consumersMillis,
                     LagSeries.Summary ringBacklog, int samples, long notReady,
                     long skipped, long failed, String lastReason) {
    }
}
