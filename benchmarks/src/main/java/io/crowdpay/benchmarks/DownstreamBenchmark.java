package io.crowdpay.benchmarks;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.command.Command;
import io.crowdpay.replicator.EventRecords;
import io.crowdpay.replicator.consumer.ConsumerRunner;
import io.crowdpay.replicator.consumer.Consumers;
import io.crowdpay.replicator.consumer.EventConsumer;
import io.crowdpay.replicator.consumer.EventStoreConsumer;
import io.crowdpay.replicator.consumer.JetStreamConsumer;
import io.crowdpay.replicator.jetstream.StreamSettings;
import io.crowdpay.replicator.log.EventLog;
import io.crowdpay.replicator.log.EventLogReader;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.EventStore;
import io.crowdpay.replicator.postgres.Migrations;
import io.crowdpay.replicator.postgres.Schema;
import io.crowdpay.replicator.projection.PostgresProjection;
import io.crowdpay.replicator.projection.ReadModelMigrations;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * How fast each downstream consumer stores events, on this machine, through the same code the
 * service runs ({@link ConsumerRunner} tailing an {@link EventLog}): the rate at which it catches up
 * after an outage, and the ceiling of the event rate it can keep up with.
 *
 * <p>Builds an event log of realistic events (the engine applies {@code --transfers} transfers of the
 * benchmark world: four events each), then times each consumer alone from sequence 0 to the log's
 * head in a fresh schema or stream, then all of them at once (as in the service, sharing the CPU).
 *
 * <pre>java -cp benchmarks.jar io.crowdpay.benchmarks.DownstreamBenchmark [--transfers N]
 *      [--database-url postgresql://postgres@127.0.0.1:5432/test] [--nats-url nats://127.0.0.1:4222]</pre>
 */
public final class DownstreamBenchmark {

    private record Timed(String consumer, long events, double seconds) {
        double rate() {
            return events / seconds;
        }
    }

    private DownstreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int transfers = 250_000;
        String database = "postgresql://postgres@127.0.0.1:5432/test";
        String natsUrl = "nats://127.0.0.1:4222";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--transfers" -> transfers = Integer.parseInt(args[i + 1]);
                case "--database-url" -> database = args[i + 1];
                case "--nats-url" -> natsUrl = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("crowdpay-downstream-bench");
        DatabaseUrl url = DatabaseUrl.parse(database);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        List<Timed> results = new ArrayList<>();
        try (EventLog log = EventLog.open(dir.resolve("events"))) {
            results.add(fill(log, transfers));
            results.add(readBack(log));
            try (Connection nats = Nats.connect(natsUrl)) {
                results.add(time(log, "event-store", () -> eventStore(url, new Schema("bench_es_" + run))));
                results.add(time(log, "projections", () -> projection(url, new Schema("bench_rm_" + run))));
                results.add(time(log, "audit (roots stored, not published)", () -> audit(url, new Schema("bench_au_" + run))));
                results.add(time(log, "jetstream", () -> new JetStreamConsumer(nats,
                        StreamSettings.defaults().withNames("BENCH_" + run.toUpperCase(Locale.ROOT), "bench" + run))));
                List<Callable<EventConsumer>> all = List.of(() -> eventStore(url, new Schema("bench_es2_" + run)),
                        () -> projection(url, new Schema("bench_rm2_" + run)),
                        () -> new JetStreamConsumer(nats, StreamSettings.defaults().withNames("BENCH2_" + run.toUpperCase(Locale.ROOT),
                                "bench2" + run)));
                results.add(timeTogether(log, all));
                nats.jetStreamManagement().deleteStream("BENCH_" + run.toUpperCase(Locale.ROOT));
                nats.jetStreamManagement().deleteStream("BENCH2_" + run.toUpperCase(Locale.ROOT));
            }
        } finally {
            try (var c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password()); var st = c.createStatement()) {
                for (String s : List.of("bench_es_", "bench_rm_", "bench_es2_", "bench_rm2_", "bench_au_")) {
                    st.execute("drop schema if exists " + s + run + " cascade");
                }
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println();
        System.out.printf("%-34s %12s %9s %14s%n", "step", "events", "seconds", "events/s");
        for (Timed t : results) {
            System.out.printf("%-34s %,12d %9.2f %,14.0f%n", t.consumer(), t.events(), t.seconds(), t.rate());
        }
    }

    private static EventConsumer eventStore(DatabaseUrl url, Schema schema) throws Exception {
        Migrations.migrate(url, schema);
        return new EventStoreConsumer(EventStore.open(url, schema));
    }

    /**
     * The audit on its own schema: hashes, Merkle batches of 10,000, Ed25519 signatures, stored. The
     * last, partial batch is sealed after 200 ms (the service's default is 5 s), so that the time
     * measured is the work, not the wait.
     */
    private static EventConsumer audit(DatabaseUrl url, Schema schema) throws Exception {
        Migrations.migrate(url, schema);
        return io.crowdpay.replicator.audit.trail.AuditConsumer.open(url, schema, io.crowdpay.replicator.audit.AuditKeys.generate(),
                null, new io.crowdpay.replicator.audit.trail.AuditConsumer.Settings(10_000, 200,
                        io.crowdpay.replicator.audit.trail.AuditConsumer.Settings.DEFAULTS.publishRetryMillisMax()));
    }

    private static EventConsumer projection(DatabaseUrl url, Schema schema) throws Exception {
        ReadModelMigrations.migrate(url, schema);
        return PostgresProjection.open(url, schema);
    }

    /** The engine's events for the world and the transfers, into the log as the service's writer puts them. */
    private static Timed fill(EventLog log, int transfers) {
        Engine engine = new Engine();
        List<Command> commands = new ArrayList<>(Fixtures.worldCommands());
        for (int i = 0; i < transfers; i++) {
            commands.add(Fixtures.typicalTransfer(i));
        }
        long started = System.nanoTime();
        long time = Fixtures.EPOCH_MILLIS;
        for (int i = 0; i < commands.size(); i++) {
            engine.apply(commands.get(i), time + i / Fixtures.COMMANDS_PER_MILLI);
            if (!engine.events().isEmpty()) {
                log.appendAll(EventRecords.of(engine.events(), engine.firstEventSequence(), k -> engine.streamVersion((int) k), i,
                        engine.correlationId()));
            }
            if ((i & 63) == 0) {
                log.flush();
            }
        }
        log.flush();
        log.sync();
        return new Timed("engine + records + event log append", log.head(), (System.nanoTime() - started) / 1e9);
    }

    private static Timed readBack(EventLog log) {
        long started = System.nanoTime();
        long n = 0;
        try (EventLogReader reader = log.reader(0)) {
            List<?> batch;
            while (!(batch = reader.read(10_000)).isEmpty()) {
                n += batch.size();
            }
        }
        return new Timed("event log read", n, (System.nanoTime() - started) / 1e9);
    }

    private static Timed time(EventLog log, String name, Callable<EventConsumer> consumer) throws Exception {
        return timeTogether(log, List.of(consumer), name);
    }

    private static Timed timeTogether(EventLog log, List<Callable<EventConsumer>> consumers) throws Exception {
        return timeTogether(log, consumers, "all " + consumers.size() + " at once (each)");
    }

    private static Timed timeTogether(EventLog log, List<Callable<EventConsumer>> consumers, String name) throws Exception {
        List<EventConsumer> made = new ArrayList<>();
        for (Callable<EventConsumer> c : consumers) {
            made.add(c.call());
        }
        long started = System.nanoTime();
        try (Consumers running = new Consumers(log, Long.MAX_VALUE)) {
            made.forEach(running::start);
            long lastPrint = System.nanoTime();
            while (running.consumers().stream().anyMatch(s -> s.lag() > 0)) {
                Thread.sleep(20);
                if (System.nanoTime() - lastPrint > 1_000_000_000L) {
                    lastPrint = System.nanoTime();
                    System.err.printf("  %s: %s%n", name, running.consumers().stream()
                            .map(s -> s.name() + " " + s.checkpoint() + (s.failure() == null ? "" : " (" + s.failure() + ")")).toList());
                }
            }
        }
        return new Timed(name, log.head(), (System.nanoTime() - started) / 1e9);
    }
}
