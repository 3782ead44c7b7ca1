package io.crowdpay.gateway.config;

import io.crowdpay.journal.ring.Pipeline;
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
                            int rateLimitPerSecond, Pipeline.Settings pipeline, List<String> notYetUsed) {

    public static final int BODY_BYTES_LIMIT = 1 << 20;

    /** Settings the seed names that later issues bring to life; set now, they are reported and ignored. */
    static final List<String> COMING = List.of("DATABASE_URL", "MESSAGE_BROKER_URL", "FX_QUOTE_SERVICE_URL", "SENTRY_DSN");

    public Path journalDir() {
        return dataDir.resolve("journal");
    }

    public Path snapshotDir() {
        return dataDir.resolve("snapshots");
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
        try {
            pipeline = new Pipeline.Settings(ring, batch, snapshotEvery, wait);
        } catch (IllegalArgumentException e) {
            problems.add("RING_SIZE/JOURNAL_BATCH_MAX/SNAPSHOT_EVERY_COMMANDS/WAIT_STRATEGY: " + e.getMessage());
        }
        ServiceConfig config = new ServiceConfig(r.text("HTTP_HOST", "127.0.0.1"), r.integer("HTTP_PORT", 8080, 0, 65535),
                dataDir, Path.of(r.text("OPS_DIR", "./ops")), jwksPath, devKeys,
                r.text("JWT_ISSUER", "crowdpay-dev"), r.text("JWT_AUDIENCE", "crowdpay-transaction-service"),
                r.integer("HTTP_BODY_BYTES_MAX", 64 * 1024, 1024, BODY_BYTES_LIMIT),
                r.integer("RATE_LIMIT_PER_SECOND", 2_000, 1, 1_000_000), pipeline,
                COMING.stream().filter(k -> env.get(k) != null && !env.get(k).isBlank()).toList());
        if (!problems.isEmpty()) {
            throw new OpsFiles.Invalid("invalid configuration:\n  " + String.join("\n  ", problems));
        }
        return config;
    }

    private record Reader(Map<String, String> env, List<String> problems) {
        String text(String key, String fallback) {
            String v = env.get(key);
            return v == null || v.isBlank() ? fallback : v.strip();
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
