package io.crowdpay.benchmarks.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load generator's command line. Every option has a default, so {@code --rate} and
 * {@code --duration} are usually all a run needs; {@link #USAGE} lists them with their meaning.
 */
record LoadOptions(URI url, double rate, Duration duration, Duration warmup, double warmupRamp, int connections, int depth, int ioThreads,
                   Mix mix, int pods, double hotPodShare, int beneficiaries, double actorRateMax, long dailyBudgetCents,
                   double settleSample, Duration settlePoll, Duration settleTimeout, int settleConnections,
                   Duration lateThreshold, Duration drain, Duration readyzInterval, Duration lagWindow, Path keysDir,
                   String issuer, String audience, Path report, long seed, long servicePid) {

    static final String USAGE = """
            usage: load [options]
              --url URL               service base URL (http://127.0.0.1:8080)
              --rate N                scheduled operations per second (1000)
              --duration D            measured time, e.g. 30s, 2m (30s)
              --warmup D              time before it, sent but not recorded (20s: a cold service can fall behind in its first seconds)
              --warmup-ramp S         the warm-up's rate rises in a straight line from S times --rate to all of it, in (0, 1]
                                      (0.1; 1: the full rate from the first second)
              --connections N         keep-alive connections to the service (32)
              --depth N               requests pipelined per connection, 1..17 (16; the gateway keeps at most 17 unanswered
                                      on a connection and closes it past that)
              --io-threads N          event-loop threads; each owns connections/N and rate/N (1)
              --mix T,F,W             shares of TRANSFER, FX_SWAP (quote + swap = one operation), WITHDRAWAL (90,5,5)
              --pods N                pods the load acts on (100)
              --hot-pod-share S       share of all operations sent to one pod, in [0, 1) (0)
              --beneficiaries N       personal wallets transfers pay into (100)
              --actor-rate-max N      most operations/s per acting user; a pod gets more ADMINs to stay under (1000)
              --daily-budget-eur N    most EUR one acting user moves per day, top-ups included (100000)
              --settle-sample S       share of accepted operations whose settle latency is tracked (0.01)
              --settle-poll D         interval between settle polls of one transaction (2ms)
              --settle-timeout D      give up on a transaction's settle after (30s)
              --settle-connections N  connections per I/O thread for settle polls (2)
              --late-threshold D      an operation sent later than this after its intended start is late (1ms)
              --drain D               after the schedule, wait this long for answers (15s)
              --readyz-interval D     /readyz sampling interval (100ms)
              --lag-window D          window at each end of the measured phase compared for lag growth (10s)
              --keys DIR              dev signing key directory (DATA_DIR/keys) (./data/keys)
              --issuer S, --audience S  JWT iss and aud (crowdpay-dev, crowdpay-transaction-service)
              --report FILE           JSON report (load-report.json)
              --seed N                random seed of the mix and pod choice (42)
              --service-pid N         the service's process id, to report the CPU it used (load.sh passes it)
            """;

    /** Most requests a connection may have in flight: the gateway serves one and queues 16 behind it. */
    static final int DEPTH_MAX = 17;

    LoadOptions {
        List<String> problems = new ArrayList<>();
        check(problems, rate > 0 && rate <= 10_000_000, "--rate must be in (0, 10^7]");
        check(problems, !duration.isNegative() && !duration.isZero(), "--duration must be positive");
        check(problems, !warmup.isNegative(), "--warmup must not be negative");
        check(problems, warmupRamp > 0 && warmupRamp <= 1, "--warmup-ramp must be in (0, 1]");
        check(problems, connections >= 1 && connections <= 4096, "--connections must be 1..4096");
        check(problems, depth >= 1 && depth <= DEPTH_MAX, "--depth must be 1.." + DEPTH_MAX);
        check(problems, ioThreads >= 1 && ioThreads <= connections, "--io-threads must be 1..connections");
        check(problems, pods >= 1 && pods <= 100_000, "--pods must be 1..100000");
        check(problems, hotPodShare >= 0 && hotPodShare < 1, "--hot-pod-share must be in [0, 1)");
        check(problems, beneficiaries >= 1 && beneficiaries <= 100_000, "--beneficiaries must be 1..100000");
        check(problems, settleSample >= 0 && settleSample <= 1, "--settle-sample must be in [0, 1]");
        check(problems, settleConnections >= 1 && settleConnections <= 64, "--settle-connections must be 1..64");
        check(problems, readyzInterval.toMillis() >= 10, "--readyz-interval must be at least 10ms");
        check(problems, "http".equals(url.getScheme()) && url.getHost() != null && url.getPort() > 0,
                "--url must be http://host:port");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    String hostPort() {
        return url.getHost() + ":" + url.getPort();
    }

    /** Parses {@code --name value} pairs; throws IllegalArgumentException naming what is wrong. */
    static LoadOptions parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got '" + name + "'");
            }
            given.put(name.substring(2), args[++i]);
        }
        Reader r = new Reader(given);
        // Paths are appended to the URL, so a trailing slash would double theirs.
        URI url = URI.create(r.text("url", "http://127.0.0.1:8080").replaceAll("/+$", ""));
        LoadOptions options = new LoadOptions(url, r.number("rate", 1000),
                r.duration("duration", "30s"), r.duration("warmup", "20s"), r.number("warmup-ramp", 0.1), (int) r.number("connections", 32),
                (int) r.number("depth", 16), (int) r.number("io-threads", 1), Mix.parse(r.text("mix", "90,5,5")),
                (int) r.number("pods", 100), r.number("hot-pod-share", 0), (int) r.number("beneficiaries", 100),
                r.number("actor-rate-max", 1000), Math.round(r.number("daily-budget-eur", 100_000) * 100),
                r.number("settle-sample", 0.01), r.duration("settle-poll", "2ms"), r.duration("settle-timeout", "30s"),
                (int) r.number("settle-connections", 2), r.duration("late-threshold", "1ms"), r.duration("drain", "15s"),
                r.duration("readyz-interval", "100ms"), r.duration("lag-window", "10s"), Path.of(r.text("keys", "./data/keys")),
                r.text("issuer", "crowdpay-dev"), r.text("audience", "crowdpay-transaction-service"),
                Path.of(r.text("report", "load-report.json")), (long) r.number("seed", 42), (long) r.number("service-pid", 0));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", given.keySet()));
        }
        return options;
    }

    /** Reads and removes options, so that whatever is left over is unknown. */
    private record Reader(Map<String, String> given) {
        String text(String name, String fallback) {
            String v = given.remove(name);
            return v == null ? fallback : v;
        }

        double number(String name, double fallback) {
            String v = given.remove(name);
            if (v == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " takes a number, not '" + v + "'");
            }
        }

        Duration duration(String name, String fallback) {
            String v = given.remove(name);
            return parseDuration(name, v == null ? fallback : v);
        }
    }

    /** {@code 250ms}, {@code 30s}, {@code 2m}, or a plain number of seconds. */
    static Duration parseDuration(String name, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 2)) * 1e6));
            }
            if (t.endsWith("us")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 2)) * 1e3));
            }
            if (t.endsWith("s")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e9));
            }
            if (t.endsWith("m")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60e9));
            }
            return Duration.ofNanos(Math.round(Double.parseDouble(t) * 1e9));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a duration like 500ms, 30s or 2m, not '" + text + "'");
        }
    }
}
