package io.crowdpay.gateway;

import io.crowdpay.gateway.auth.DevKeys;
import io.crowdpay.gateway.auth.TokenMinter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real service in a child JVM, started the way {@code bin/crowdpay serve} starts it (same main
 * class, same Chronicle flags), on a free loopback port and its own data directory.
 */
final class ServiceProcess implements AutoCloseable {

    static final List<String> CHRONICLE_FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true");

    final Path dataDir;
    final int port;
    final Process process;
    private final Path log;

    private ServiceProcess(Path dataDir, int port, Process process, Path log) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(Path dataDir, Map<String, String> extraEnv) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m"));
        cmd.addAll(CHRONICLE_FLAGS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.crowdpay.gateway.cli.CrowdPayCli", "serve"));
        Path log = Files.createTempFile("crowdpay-child", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DATA_DIR", dataDir.toString());
        pb.environment().put("HTTP_PORT", Integer.toString(port));
        pb.environment().put("OPS_DIR", TestOps.repoOps().toString());
        pb.environment().put("RATE_LIMIT_PER_SECOND", "1000000");
        pb.environment().keySet().removeAll(List.of("JWT_PUBLIC_KEY_PATH", "DATABASE_URL", "MESSAGE_BROKER_URL"));
        pb.environment().putAll(extraEnv);
        ServiceProcess service = new ServiceProcess(dataDir, port, pb.start(), log);
        service.awaitReady();
        return service;
    }

    String token(String subject, String scopes) throws IOException {
        return TokenMinter.mint(DevKeys.signingKeyPath(dataDir.resolve("keys")), "crowdpay-dev", "crowdpay-transaction-service",
                subject, List.of(scopes.split(" ")), Duration.ofHours(1));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                var r = client.send(HttpRequest.newBuilder(uri("/readyz")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("service not ready within 60 s:\n" + Files.readString(log));
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no final snapshot, nothing flushed that was not already. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the shutdown hook closes the pipeline and writes a final snapshot. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(log);
    }
}
