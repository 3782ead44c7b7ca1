package io.crowdpay.gateway;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.StateHash;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.gateway.auth.DevKeys;
import io.crowdpay.gateway.auth.TokenVerifier;
import io.crowdpay.gateway.config.FxRates;
import io.crowdpay.gateway.config.OpsFiles;
import io.crowdpay.gateway.config.ServiceConfig;
import io.crowdpay.gateway.counterparty.EmbeddedCounterparties;
import io.crowdpay.gateway.http.GatewayContext;
import io.crowdpay.gateway.http.HttpServer;
import io.crowdpay.gateway.http.Metrics;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.Recovery;
import io.crowdpay.journal.SnapshotStore;
import io.crowdpay.journal.ring.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole service on one node: recover the engine from snapshot and journal, journal the ops rules
 * if they changed, start the pipeline and the embedded counterparties, then open the HTTP port.
 * Closing reverses that and leaves a final snapshot.
 */
public final class Service implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final Pipeline pipeline;
    private final HttpServer http;
    private final EmbeddedCounterparties counterparties;

    private Service(Pipeline pipeline, HttpServer http, EmbeddedCounterparties counterparties) {
        this.pipeline = pipeline;
        this.http = http;
        this.counterparties = counterparties;
    }

    public static Service start(ServiceConfig config) throws IOException, InterruptedException {
        config.notYetUsed().forEach(k -> LOG.warn("{} is set, but this release does not use it yet; running embedded", k));
        Files.createDirectories(config.dataDir());
        if (config.devKeys()) {
            DevKeys.ensure(config.keysDir());
        }
        TokenVerifier verifier = TokenVerifier.fromJwksFile(config.jwksPath(), config.jwtIssuer(), config.jwtAudience());
        EngineConfig rules = OpsFiles.loadEngineConfig(config.opsDir());
        FxRates rates = FxRates.load(config.opsDir().resolve("fx-rates.properties"));

        CommandJournal journal = CommandJournal.open(config.journalDir());
        SnapshotStore snapshots = new SnapshotStore(config.snapshotDir());
        Recovery.Result recovered = Recovery.recover(journal, snapshots, new Progress("recovering"));
        Engine engine = recovered.engine();
        LOG.info("recovered: snapshot at {}, {} journal entries replayed in {} ms, state hash {}",
                recovered.snapshotIndex() == Long.MIN_VALUE ? "none" : Long.toHexString(recovered.snapshotIndex()),
                recovered.entriesReplayed(), recovered.millis(), recovered.stateHash());
        // Read before the processor thread owns the state.
        boolean rulesChanged = !StateHash.ofConfig(rules).equals(StateHash.ofConfig(engine.state().config()));
        List<Transaction> waiting = engine.state().pendingLegs().keySet().stream().map(id -> engine.state().transactions().get(id)).toList();

        EmbeddedCounterparties counterparties = new EmbeddedCounterparties(rules.pendingLegsMax() + config.pipeline().ringSize());
        Pipeline pipeline = Pipeline.start(engine, recovered.lastIndex(), journal, snapshots, config.pipeline(),
                System::currentTimeMillis, List.of(counterparties));
        if (rulesChanged) {
            awaitApplied(pipeline, new Command.Configure(rules));
            LOG.info("journaled the rules from {} (config hash {})", config.opsDir(), StateHash.ofConfig(rules));
        }
        counterparties.start(pipeline);
        for (Transaction tx : waiting) {
            counterparties.request(tx.id(), tx.type().externalLeg(),
                    EmbeddedCounterparties.SIMULATE_FAIL.equals(tx.request().metadata().get(EmbeddedCounterparties.SIMULATE_KEY)));
        }
        if (!waiting.isEmpty()) {
            LOG.info("asked counterparties again for {} legs pending at the last stop", waiting.size());
        }

        Metrics metrics = new Metrics();
        metrics.gauge("crowdpay_ring_backlog", pipeline::backlog);
        metrics.gauge("crowdpay_journal_last_applied_index", pipeline::lastAppliedIndex);
        GatewayContext context = new GatewayContext(pipeline, verifier, rates, config.bodyBytesMax(),
                config.rateLimitPerSecond(), () -> readiness(pipeline), metrics);
        HttpServer http = HttpServer.start(config.httpHost(), config.httpPort(), context);
        LOG.info("CrowdPay transaction engine listening on http://{}:{} (data in {})", config.httpHost(), http.port(), config.dataDir());
        return new Service(pipeline, http, counterparties);
    }

    private static String readiness(Pipeline pipeline) {
        String halt = pipeline.haltReason();
        if (halt != null) {
            return halt;
        }
        if (pipeline.backlog() > pipeline.ringSize() * 9L / 10) {
            return "input ring " + pipeline.backlog() + "/" + pipeline.ringSize() + " full";
        }
        return null;
    }

    private static void awaitApplied(Pipeline pipeline, Command command) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        pipeline.publish(command, slot -> done.countDown());
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the engine did not apply " + command.getClass().getSimpleName() + " within 30 s");
        }
        if (pipeline.haltReason() != null) {
            throw new IllegalStateException(pipeline.haltReason());
        }
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        counterparties.close();
        pipeline.close();
        LOG.info("stopped; final snapshot written");
    }
}
