package io.crowdpay.engine;

import java.util.List;
import java.util.Map;

/**
 * Deliberate violations of the engine's boundary rules, one per nested class, so that
 * {@link EngineBoundaryTest} can prove each rule would fail if such code reached main. They live in the
 * engine's package (tests only), which is where the rules look; the main-code import excludes them.
 */
@SuppressWarnings("unused")
final class BoundaryViolations {

    private BoundaryViolations() {
    }

    static final class ReadsWallClock {
        long now() {
            return System.currentTimeMillis();
        }
    }

    static final class ReadsNanoTime {
        long now() {
            return System.nanoTime();
        }
    }

    static final class ReadsInstantNow {
        Object now() {
            return java.time.Instant.now();
        }
    }

    static final class ReadsLocalDateNow {
        Object today() {
            return java.time.LocalDate.now();
        }
    }

    static final class ReadsAClock {
        Object clock() {
            return java.time.Clock.systemUTC();
        }
    }

    static final class MakesRandom {
        int roll() {
            return new java.util.Random(42).nextInt();
        }
    }

    static final class MakesSecureRandom {
        int roll() {
            return new java.security.SecureRandom().nextInt();
        }
    }

    static final class UsesMathRandom {
        double roll() {
            return Math.random();
        }
    }

    static final class UsesRandomUuid {
        Object id() {
            return java.util.UUID.randomUUID();
        }
    }

    static final class UsesThreadLocalRandom {
        int roll() {
            return java.util.concurrent.ThreadLocalRandom.current().nextInt();
        }
    }

    static final class TouchesFile {
        boolean exists() {
            return new java.io.File("state.bin").exists();
        }
    }

    static final class TouchesNioFile {
        Object path() {
            return java.nio.file.Path.of("state.bin");
        }
    }

    static final class TouchesNetwork {
        Object loopback() {
            return java.net.InetAddress.getLoopbackAddress();
        }
    }

    static final class TouchesJdbc {
        java.sql.Connection connection;
    }

    /** Stands in for a class of another module or a framework: anything outside java.. and the engine. */
    static final class DependsOnAFramework {
        Object framework() {
            return net.jqwik.api.Arbitraries.just(1);
        }
    }

    /** What engine code may do: pure computation over java.util and the engine's own types. */
    static final class Pure {
        int count(List<String> items, Map<String, Integer> seen, Rejection rejection) {
            return items.size() + seen.size() + rejection.ordinal();
        }
    }
}
