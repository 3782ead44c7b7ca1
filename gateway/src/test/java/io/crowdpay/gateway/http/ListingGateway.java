package io.crowdpay.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.gateway.TestOps;
import io.crowdpay.gateway.auth.DevKeys;
import io.crowdpay.gateway.auth.TokenMinter;
import io.crowdpay.gateway.auth.TokenVerifier;
import io.crowdpay.gateway.config.FxRates;
import io.crowdpay.gateway.config.OpsFiles;
import io.crowdpay.gateway.counterparty.EmbeddedCounterparties;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.Recovery;
import io.crowdpay.journal.SnapshotStore;
import io.crowdpay.journal.ring.CommandSlot;
import io.crowdpay.journal.ring.Pipeline;
import io.crowdpay.replicator.EventRecords;
import io.crowdpay.replicator.consumer.Downstream;
import io.crowdpay.replicator.projection.MemoryProjection;
import io.crowdpay.replicator.projection.TransactionQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A gateway with the list endpoint wired to a read model, assembled here as the service will be
 * (journal, engine, pipeline, embedded counterparties, HTTP), without touching {@code Service}:
 * the events of each command feed a {@link MemoryProjection} straight from the ring, where the
 * service's event-log runner will feed it. {@code queries} may wrap that projection (a slow one, an
 * unreachable one) or be null (no projection wired).
 */
final class ListingGateway implements AutoCloseable {

    final MemoryProjection projection = new MemoryProjection(10_000);
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Path keys;
    private final Pipeline pipeline;
    private final EmbeddedCounterparties counterparties;
    private final HttpServer http;

    private ListingGateway(Path dir, Function<MemoryProjection, TransactionQueries> queries) throws Exception {
        Path ops = TestOps.opsWith(dir.resolve("ops"), TestService.RELAXED_VELOCITY);
        keys = dir.resolve("keys");
        DevKeys.ensure(keys);
        TokenVerifier verifier = TokenVerifier.fromJwksFile(DevKeys.jwksPath(keys), TestService.ISSUER, TestService.AUDIENCE);
        EngineConfig rules = OpsFiles.loadEngineConfig(ops);
        CommandJournal journal = CommandJournal.open(dir.resolve("journal"));
        SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
        Recovery.Result recovered = Recovery.recover(journal, snapshots, progress -> { });
        EventHandler<CommandSlot> feed = (slot, sequence, endOfBatch) -> {
            if (!slot.events().isEmpty()) {
                projection.deliver(EventRecords.of(slot.events(), slot.firstEventSequence(),
                        k -> slot.streamVersion((int) k), slot.journalIndex(), slot.correlationId()));
            }
        };
        counterparties = new EmbeddedCounterparties(rules.pendingLegsMax() + Pipeline.Settings.DEFAULTS.ringSize());
        pipeline = Pipeline.start(recovered.engine(), recovered.lastIndex(), journal, snapshots, Pipeline.Settings.DEFAULTS,
                System::currentTimeMillis, List.of(feed, counterparties));
        CountDownLatch configured = new CountDownLatch(1);
        pipeline.publish(new Command.Configure(rules), slot -> configured.countDown());
        assertThat(configured.await(30, TimeUnit.SECONDS)).isTrue();
        counterparties.start(pipeline);
        GatewayContext context = new GatewayContext(pipeline, verifier, FxRates.load(ops.resolve("fx-rates.properties")),
                1 << 20, 100_000, () -> null, new Metrics(), Downstream.NONE,
                queries == null ? null : queries.apply(projection), null);
        http = HttpServer.start("127.0.0.1", 0, context);
    }

    static ListingGateway start(Path dir) throws Exception {
        return new ListingGateway(dir, projection -> projection);
    }

    /** A gateway whose list endpoint asks {@code queries(projection)} instead; null wires none. */
    static ListingGateway start(Path dir, Function<MemoryProjection, TransactionQueries> queries) throws Exception {
        return new ListingGateway(dir, queries);
    }

    int port() {
        return http.port();
    }

    String token(String subject, String... scopes) {
        try {
            return TokenMinter.mint(DevKeys.signingKeyPath(keys), TestService.ISSUER, TestService.AUDIENCE, subject,
                    List.of(scopes), Duration.ofHours(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestService.Resp send(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new TestService.Resp(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    TestService.Resp get(String path, String token) {
        return send("GET", path, token, null);
    }

    @Override
    public void close() {
        http.close();
        counterparties.close();
        pipeline.close();
    }
}
