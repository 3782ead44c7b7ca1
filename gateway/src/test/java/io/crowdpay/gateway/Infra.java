package io.crowdpay.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts this machine's real PostgreSQL and NATS servers, with the commands the machine
 * notes give, for the outage tests. Each call waits until the port is closed or open again.
 */
public final class Infra {

    public static final int POSTGRES_PORT = 5432;
    public static final int NATS_PORT = 4222;

    private Infra() {
    }

    public static void stopNats() {
        run(List.of("start-stop-daemon", "--stop", "--oknodo", "--retry", "10", "--exec", "/usr/sbin/nats-server"));
        awaitPort(NATS_PORT, false);
    }

    public static void startNats() {
        run(List.of("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/nats-server", "--",
                "-a", "127.0.0.1", "-p", "4222", "-js", "-sd", "/var/lib/nats-server", "-l", "/var/log/nats-server.log"));
        awaitPort(NATS_PORT, true);
    }

    public static void stopPostgres() {
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", postgresVersion(), "main", "stop", "-m", "fast"));
        awaitPort(POSTGRES_PORT, false);
    }

    public static void startPostgres() {
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", postgresVersion(), "main", "start"));
        awaitPort(POSTGRES_PORT, true);
    }

    public static boolean isOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String postgresVersion() {
        try (var dirs = Files.list(Path.of("/etc/postgresql"))) {
            return dirs.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL cluster under /etc/postgresql", e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitPort(int port, boolean open) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (isOpen(port) != open) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("port " + port + " did not " + (open ? "open" : "close") + " within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
