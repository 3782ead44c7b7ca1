package io.crowdpay.gateway.config;

import io.crowdpay.engine.InsertionOrderedMap;
import io.crowdpay.journal.SnapshotStore;
import io.crowdpay.journal.ring.Pipeline;
import io.crowdpay.replicator.consumer.Consumers;
import io.crowdpay.replicator.jetstream.StreamSettings;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the service, read once from the environment. Each has a default that runs the
 * embedded mode on a laptop; the README's configuration table lists them all. Invalid values stop
 * start-up with every problem named at once.
 */
public record ServiceConfig(String httpHost, int httpPort, Path dataDir, Path opsDir, Path jwksPath,
                            boolean devKeys, String jwtIssuer, String jwtAudience, int bodyBytesMax,
                            int rateLimitPerSecond, Pipeline.Settings pipeline, Downstream downstream,
                            long legTimeoutMillis, io.crowdpay.gateway.saga.Simulators.Behaviour embeddedCounterparties,
                            int tableReserveEntries, int memoryProjectionTransactions, List<String> notYetUsed) {

    /**
     * The engine's big tables are sized at start for this many entries or the ops file's
     * {@code capacity.idempotency_keys_max}, whichever is smaller (TABLE_RESERVE_ENTRIES): with the
     * shipped cap of 5M, ~0.9 GB of an 8 GiB heap, and the tables never grow while serving.
     */
    public static final int TABLE_RESERVE_ENTRIES = 1 << 23;
    /**
     * Transactions the embedded (in-memory) projection keeps for the list endpoint; older ones drop out
     * (MEMORY_PROJECTION_TRANSACTIONS). Each kept row is ~0.4 KB that lives for this many transactions
     * and then dies, long enough under load to be copied by the collector on its way out: 250,000 rows
     * (the old default) took 0.37 and 0.52 cores of ZGC's time at 15,000 and 20,000/s, 50,000 rows 0.18
     * and 0.28 (BENCHMARKS.md). With DATABASE_URL there is no such projection.
     */
    public static final int MEMORY_PROJECTION_TRANSACTIONS = 50_000;
    /** What an entry of the three tables costs when reserved, with 8-byte references (ZGC): 3 x 36 B. */
    static final int RESERVED_BYTES_PER_ENTRY = 108;

    /**
     * Entries to size the engine's tables for: {@link #tableReserveEntries()} capped by the key limit
     * and by what fits in an eighth of the heap, counted at the power of two the tables are built
     * with. An 8 GiB heap holds the shipped 5M (8M places, ~0.9 GB); a 1 GiB one gets 1M.
     */
    public int tableReserve(int idempotencyKeysMax, long heapBytes) {
        int entries = Math.min(tableReserveEntries, idempotencyKeysMax);
        long budget = heapBytes / 8 / RESERVED_BYTES_PER_ENTRY;
        long places = InsertionOrderedMap.placesFor(entries);
        while (places > budget && places > 1) {
            places >>= 1;
        }
        return (int) Math.min(entries, places);
    }

    /**
     * Where the events go besides the local event log.
     *
     * @param database     the PostgreSQL event store, projections and audit trail, or null (embedded:
     *                     an in-memory projection serves the list endpoint)
     * @param schema       the event store's schema (EVENT_STORE_SCHEMA, default crowdpay)
     * @param readSchema   the read model's schema (READ_MODEL_SCHEMA, default read_model)
     * @param brokerUrl    the NATS server for JetStream publication, or null
     * @param stream       the JetStream stream and subject prefix (JETSTREAM_STREAM, default
     *                     CROWDPAY_EVENTS; JETSTREAM_SUBJECT_PREFIX, default crowdpay)
     * @param lagEventsMax past this many events behind, a consumer makes the gateway shed (T003)
     * @param auditPartialBatchMillis how long an audit batch may stay open before it is sealed short
     */
    public record Downstream(DatabaseUrl database, Schema schema, Schema readSchema, String brokerUrl,
                             StreamSettings stream, long lagEventsMax,
                             long auditPartialBatchMillis) {
    }

    public static final int BODY_BYTES_LIMIT = 1 << 20;

    /** Settings the seed names that later issues bring to life; set now, they are reported and ignored. */
    static final List<String> COMING = List.of("FX_QUOTE_SERVICE_URL", "SENTRY_DSN");

    public Path journalDir() {
        return dataDir.resolve("journal");
    }

    public Path snapshotDir() {
        return dataDir.resolve("snapshots");
    }

    public Path eventLogDir() {
        return dataDir.resolve("events");
    }

    public Path keysDir() {
        return dataDir.resolve("keys");
    }

    public static ServiceConfig fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Reader r = new Reader(env, problems);
        Path dataDir = Path.of(r.text("DATA_DIR", "./data"));
        String jwks = env.get("JWT_PUBLIC_KEY_PATH");
        boolean devKeys = jwks == null || jwks.isBlank();
        Path jwksPath = devKeys ? dataDir.resolve("keys").resolve("jwks.json") : Path.of(jwks);
        Pipeline.Settings pipeline = null;
        int ring = r.integer("RING_SIZE", Pipeline.Settings.DEFAULTS.ringSize(), 64, 1 << 22);
        int batch = r.integer("JOURNAL_BATCH_MAX", Pipeline.Settings.DEFAULTS.batchSizeMax(), 1, 1 << 16);
        int snapshotEvery = r.integer("SNAPSHOT_EVERY_COMMANDS", (int) Pipeline.Settings.DEFAULTS.snapshotEveryCommands(), 1, Integer.MAX_VALUE);
        String wait = r.text("WAIT_STRATEGY", Pipeline.Settings.DEFAULTS.waitStrategy());
        String layout = r.text("PIPELINE_LAYOUT", Pipeline.Settings.DEFAULTS.layout());
        // 0 writes snapshots as fast as they encode (for a box with cores and disk to spare).
        int snapshotMbPerSecond = r.integer("SNAPSHOT_WRITE_MB_PER_S", (int) (Pipeline.Settings.SNAPSHOT_WRITE_BYTES_PER_SECOND >> 20), 0, 1 << 20);
        try {
            pipeline = new Pipeline.Settings(ring, batch, snapshotEvery, wait, layout,
                    snapshotMbPerSecond == 0 ? SnapshotStore.UNPACED : (long) snapshotMbPerSecond << 20);
        } catch (IllegalArgumentException e) {
            problems.add("RING_SIZE/JOURNAL_BATCH_MAX/SNAPSHOT_EVERY_COMMANDS/SNAPSHOT_WRITE_MB_PER_S/WAIT_STRATEGY/PIPELINE_LAYOUT: " + e.getMessage());
        }
        Downstream downstream = downstream(env, r, problems);
        ServiceConfig config = new ServiceConfig(r.text("HTTP_HOST", "127.0.0.1"), r.integer("HTTP_PORT", 8080, 0, 65535),
                dataDir, Path.of(r.text("OPS_DIR", "./ops")), jwksPath, devKeys,
                r.text("JWT_ISSUER", "crowdpay-dev"), r.text("JWT_AUDIENCE", "crowdpay-transaction-service"),
                r.integer("HTTP_BODY_BYTES_MAX", 64 * 1024, 1024, BODY_BYTES_LIMIT),
                r.integer("RATE_LIMIT_PER_SECOND", 2_000, 1, 1_000_000), pipeline, downstream,
                r.integer("LEG_TIMEOUT_MS", 30_000, 10, 86_400_000), simulated(r, problems),
                r.integer("TABLE_RESERVE_ENTRIES", TABLE_RESERVE_ENTRIES, 0, 1 << 28),
                r.integer("MEMORY_PROJECTION_TRANSACTIONS", MEMORY_PROJECTION_TRANSACTIONS, 1_000, 5_000_000),
                COMING.stream().filter(k -> env.get(k) != null && !env.get(k).isBlank()).toList());
        if (!problems.isEmpty()) {
            throw new OpsFiles.Invalid("invalid configuration:\n  " + String.join("\n  ", problems));
        }
        return config;
    }

    /** The embedded counterparties' behaviour (SIMULATED_*): by default every leg confirmed at once. */
    private static io.crowdpay.gateway.saga.Simulators.Behaviour simulated(Reader r, List<String> problems) {
        try {
            return new io.crowdpay.gateway.saga.Simulators.Behaviour(r.integer("SIMULATED_LATENCY_MS", 0, 0, 60_000),
                    r.rate("SIMULATED_FAIL_RATE"), r.rate("SIMULATED_TIMEOUT_RATE"), r.rate("SIMULATED_AML_HIT_RATE"), 1);
        } catch (IllegalArgumentException e) {
            problems.add("SIMULATED_*: " + e.getMessage());
            return io.crowdpay.gateway.saga.Simulators.Behaviour.ALWAYS_CONFIRM;
        }
    }

    private static Downstream downstream(Map<String, String> env, Reader r, List<String> problems) {
        DatabaseUrl database = null;
        String url = r.text("DATABASE_URL", null);
        if (url != null) {
            try {
                database = DatabaseUrl.parse(url);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        Schema schema = Schema.DEFAULT;
        Schema readSchema = new Schema("read_model");
        try {
            schema = new Schema(r.text("EVENT_STORE_SCHEMA", Schema.DEFAULT.name()));
            readSchema = new Schema(r.text("READ_MODEL_SCHEMA", "read_model"));
        } catch (IllegalArgumentException e) {
            problems.add("EVENT_STORE_SCHEMA/READ_MODEL_SCHEMA: " + e.getMessage());
        }
        String broker = r.text("MESSAGE_BROKER_URL", null);
        if (broker != null && !broker.matches("(nats|tls)://[^\\s/]+(,(nats|tls)://[^\\s/]+)*")) {
            problems.add("MESSAGE_BROKER_URL must be nats://host:port (comma-separated for a cluster), got '" + broker + "'");
        }
        StreamSettings stream = StreamSettings.defaults();
        try {
            stream = stream.withNames(r.text("JETSTREAM_STREAM", StreamSettings.STREAM_NAME),
                    r.text("JETSTREAM_SUBJECT_PREFIX", StreamSettings.SUBJECT_PREFIX));
        } catch (IllegalArgumentException e) {
            problems.add("JETSTREAM_STREAM/JETSTREAM_SUBJECT_PREFIX: " + e.getMessage());
        }
        long lag = r.integer("DOWNSTREAM_LAG_EVENTS_MAX", (int) Consumers.LAG_EVENTS_MAX_DEFAULT, 1_000, Integer.MAX_VALUE);
        long audit = r.integer("AUDIT_PARTIAL_BATCH_MS", 5_000, 10, 3_600_000);
        return new Downstream(database, schema, readSchema, broker, stream, lag, audit);
    }

    private record Reader(Map<String, String> env, List<String> problems) {
        String text(String key, String fallback) {
            String v = env.get(key);
            return v == null || v.isBlank() ? fallback : v.strip();
        }

        /** A probability, 0..1; 0 when unset. */
        double rate(String key) {
            String v = env.get(key);
            if (v == null || v.isBlank()) {
                return 0;
            }
            try {
                double d = Double.parseDouble(v.strip());
                if (d >= 0 && d <= 1) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(key + " must be a number in 0..1, got '" + v + "'");
            return 0;
        }

        int integer(String key, int fallback, int min, int max) {
            String v = env.get(key);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v.strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(key + " must be a whole number in " + min + ".." + max + ", got '" + v + "'");
            return fallback;
        }
    }
}
