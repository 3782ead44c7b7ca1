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
import io.crowdpay.gateway.counterparty.LegTimer;
import io.crowdpay.gateway.saga.NatsLegs;
import io.crowdpay.gateway.saga.SagaInputs;
import io.crowdpay.gateway.http.GatewayContext;
import io.crowdpay.gateway.http.GcMetrics;
import io.crowdpay.gateway.http.HttpServer;
import io.crowdpay.gateway.http.Metrics;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.Recovery;
import io.crowdpay.journal.SnapshotStore;
import io.crowdpay.journal.ring.Pipeline;
import io.crowdpay.gateway.config.ServiceConfig.Downstream;
import io.crowdpay.gateway.config.AuditKeyFiles;
import io.crowdpay.replicator.audit.trail.AuditConsumer;
import io.crowdpay.replicator.audit.trail.PostgresAuditQueries;
import io.crowdpay.replicator.audit.trail.RootPublisher;
import io.crowdpay.replicator.consumer.ConsumerRunner;
import io.crowdpay.replicator.consumer.Consumers;
import io.crowdpay.replicator.consumer.EventStoreConsumer;
import io.crowdpay.replicator.consumer.JetStreamConsumer;
import io.crowdpay.replicator.jetstream.ConnectionWatchdog;
import io.crowdpay.replicator.log.EventLog;
import io.crowdpay.replicator.log.EventLogWriter;
import io.crowdpay.replicator.postgres.EventStore;
import io.crowdpay.replicator.postgres.Migrations;
import io.crowdpay.replicator.projection.MemoryProjection;
import io.crowdpay.replicator.projection.PostgresProjection;
import io.crowdpay.replicator.projection.ReadModelMigrations;
import io.crowdpay.replicator.projection.TransactionQueries;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
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

    /** How long a stop waits for the consumers to store what the event log holds. */
    private static final long DRAIN_MILLIS = 5_000;

    private final Pipeline pipeline;
    private final HttpServer http;
    private final EmbeddedCounterparties counterparties;
    private final LegTimer legTimer;
    private final NatsLegs natsLegs;
    private final SagaInputs sagaInputs;
    private final EventLog eventLog;
    private final Consumers consumers;
    private final Connection nats;
    private final ConnectionWatchdog natsWatchdog;
    private final PostgresAuditQueries audit;
    private final GcMetrics gcMetrics;

    private Service(Pipeline pipeline, HttpServer http, EmbeddedCounterparties counterparties, LegTimer legTimer,
                    NatsLegs natsLegs, SagaInputs sagaInputs, EventLog eventLog,
                    Consumers consumers, Connection nats, ConnectionWatchdog natsWatchdog, PostgresAuditQueries audit,
                    GcMetrics gcMetrics) {
        this.pipeline = pipeline;
        this.http = http;
        this.counterparties = counterparties;
        this.legTimer = legTimer;
        this.natsLegs = natsLegs;
        this.sagaInputs = sagaInputs;
        this.eventLog = eventLog;
        this.consumers = consumers;
        this.nats = nats;
        this.natsWatchdog = natsWatchdog;
        this.audit = audit;
        this.gcMetrics = gcMetrics;
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
        snapshots.deleteUnfinished();
        EventLog eventLog = EventLog.open(config.eventLogDir());
        EventLogWriter eventWriter = new EventLogWriter(eventLog);
        long logHead = eventLog.head();
        Recovery.Result recovered = Recovery.recover(journal, snapshots, new Progress("recovering"), eventWriter);
        if (eventLog.head() > logHead) {
            LOG.info("event log: derived events {}..{} again from the journal", logHead + 1, eventLog.head());
        }
        Engine engine = recovered.engine();
        // Read and sized before the processor thread owns the state.
        int reserve = config.tableReserve(rules.idempotencyKeysMax(), Runtime.getRuntime().maxMemory());
        long reserving = System.nanoTime();
        engine.reserveTables(reserve);
        LOG.info("engine tables sized for {} entries in {} ms", reserve, (System.nanoTime() - reserving) / 1_000_000);
        LOG.info("recovered: snapshot at {}, {} journal entries replayed in {} ms, state hash {}",
                recovered.snapshotIndex() == Long.MIN_VALUE ? "none" : Long.toHexString(recovered.snapshotIndex()),
                recovered.entriesReplayed(), recovered.millis(), recovered.stateHash());
        // Read before the processor thread owns the state.
        boolean rulesChanged = !StateHash.ofConfig(rules).equals(StateHash.ofConfig(engine.state().config()));
        List<Transaction> waiting = engine.state().pendingLegs().keySet().stream().map(id -> engine.state().transactions().get(id)).toList();

        int legQueue = rules.pendingLegsMax() + config.pipeline().ringSize();
        Downstream downstream = config.downstream();
        Connection nats = null;
        ConnectionWatchdog natsWatchdog = null;
        NatsLegs natsLegs = null;
        EmbeddedCounterparties counterparties;
        if (downstream.brokerUrl() != null) {
            nats = Nats.connectReconnectOnConnect(new Options.Builder().server(downstream.brokerUrl())
                    .connectionName("crowdpay-transaction-engine").maxReconnects(-1)
                    .connectionListener((c, event) -> LOG.info("NATS: {}", event)).build());
            // One connection serves every NATS user below; the watchdog reconnects it should it stall
            // after a server restart (connected, yet nothing answered: see ConnectionWatchdog).
            natsWatchdog = ConnectionWatchdog.start(nats, "engine");
            natsLegs = new NatsLegs(nats, legQueue);
            counterparties = new EmbeddedCounterparties(legQueue, java.util.EnumSet.complementOf(java.util.EnumSet.copyOf(NatsLegs.LEGS)),
                    config.embeddedCounterparties());
        } else {
            counterparties = new EmbeddedCounterparties(legQueue, java.util.EnumSet.allOf(io.crowdpay.engine.transaction.Leg.class),
                    config.embeddedCounterparties());
        }
        LegTimer legTimer = new LegTimer(config.legTimeoutMillis(), System::currentTimeMillis);
        List<com.lmax.disruptor.EventHandler<io.crowdpay.journal.ring.CommandSlot>> outputs = new java.util.ArrayList<>(
                List.of(eventWriter, counterparties, legTimer));
        if (natsLegs != null) {
            outputs.add(natsLegs);
        }
        Pipeline pipeline = Pipeline.start(engine, recovered.lastIndex(), journal, snapshots, config.pipeline(),
                System::currentTimeMillis, outputs);
        if (rulesChanged) {
            awaitApplied(pipeline, new Command.Configure(rules));
            LOG.info("journaled the rules from {} (config hash {})", config.opsDir(), StateHash.ofConfig(rules));
        }
        counterparties.start(pipeline);
        legTimer.start(pipeline);
        for (Transaction tx : waiting) {
            String simulate = tx.request().metadata().get(EmbeddedCounterparties.SIMULATE_KEY);
            if (!EmbeddedCounterparties.SIMULATE_TIMEOUT.equals(simulate)) {
                counterparties.request(tx.id(), tx.type().externalLeg(), EmbeddedCounterparties.SIMULATE_FAIL.equals(simulate));
            }
            legTimer.watch(tx.id(), tx.type().externalLeg(), tx.updatedAtMillis());
            if (natsLegs != null) {
                natsLegs.request(tx, tx.type().externalLeg(), tx.updatedAtMillis());
            }
        }
        SagaInputs sagaInputs = nats == null ? null : SagaInputs.start(nats, pipeline);
        if (!waiting.isEmpty()) {
            LOG.info("asked counterparties again for {} legs pending at the last stop", waiting.size());
        }

        Consumers consumers = new Consumers(eventLog, downstream.lagEventsMax());
        TransactionQueries transactions;
        if (downstream.database() != null) {
            List<String> applied = Migrations.migrate(downstream.database(), downstream.schema());
            if (!applied.isEmpty()) {
                LOG.info("event store schema {}: applied {}", downstream.schema().name(), String.join(", ", applied));
            }
            applied = ReadModelMigrations.migrate(downstream.database(), downstream.readSchema());
            if (!applied.isEmpty()) {
                LOG.info("read model schema {}: applied {}", downstream.readSchema().name(), String.join(", ", applied));
            }
            try {
                consumers.start(new EventStoreConsumer(EventStore.open(downstream.database(), downstream.schema())));
                PostgresProjection projection = PostgresProjection.open(downstream.database(), downstream.readSchema());
                consumers.start(projection);
                transactions = projection;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot open PostgreSQL at " + downstream.database() + ": " + e.getMessage(), e);
            }
        } else {
            MemoryProjection projection = new MemoryProjection(config.memoryProjectionTransactions());
            // The events this process appends reach the projection typed, not only as JSON to parse.
            eventWriter.tap(projection::recentEvents);
            consumers.start(projection, false);
            transactions = projection;
        }
        if (nats != null) {
            consumers.start(new JetStreamConsumer(nats, downstream.stream()));
        }

        PostgresAuditQueries audit = null;
        if (downstream.database() != null) {
            if (config.devKeys()) {
                AuditKeyFiles.ensure(config.keysDir());
            }
            AuditConsumer.Settings auditSettings = new AuditConsumer.Settings(AuditConsumer.Settings.DEFAULTS.batchEventsMax(),
                    downstream.auditPartialBatchMillis(), AuditConsumer.Settings.DEFAULTS.publishRetryMillisMax());
            try {
                consumers.start(AuditConsumer.open(downstream.database(), downstream.schema(),
                        AuditKeyFiles.load(config.keysDir()), nats, auditSettings, auditStream(downstream)));
                audit = PostgresAuditQueries.open(downstream.database(), downstream.schema());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot open the audit trail at " + downstream.database() + ": " + e.getMessage(), e);
            }
        }

        Metrics metrics = new Metrics();
        GcMetrics gcMetrics = GcMetrics.start();
        gcMetrics.register(metrics);
        metrics.gauge("crowdpay_ring_backlog", pipeline::backlog);
        metrics.gauge("crowdpay_journal_last_applied_index", pipeline::lastAppliedIndex);
        metrics.gauge("crowdpay_event_log_head", eventLog::head);
        for (ConsumerRunner runner : consumers.runners()) {
            metrics.gauge("crowdpay_consumer_lag_events{consumer=\"" + runner.name() + "\"}", () -> runner.status().lag());
            metrics.gauge("crowdpay_consumer_lag_ms{consumer=\"" + runner.name() + "\"}", () -> runner.lagMillis(System.currentTimeMillis()));
        }
        for (ConsumerRunner runner : consumers.runners()) {
            metrics.gauge("crowdpay_consumer_checkpoint{consumer=\"" + runner.name() + "\"}", () -> runner.status().checkpoint());
        }
        GatewayContext context = new GatewayContext(pipeline, verifier, rates, config.bodyBytesMax(),
                config.rateLimitPerSecond(), () -> readiness(pipeline, eventWriter, consumers), metrics,
                downstreamOf(eventWriter, consumers), transactions, audit);
        HttpServer http = HttpServer.start(config.httpHost(), config.httpPort(), context);
        LOG.info("CrowdPay transaction engine listening on http://{}:{} (data in {})", config.httpHost(), http.port(), config.dataDir());
        metrics.gauge("crowdpay_leg_deadlines_waiting", legTimer::waiting);
        if (natsLegs != null) {
            metrics.gauge("crowdpay_saga_leg_requests_sent", natsLegs::sent);
            metrics.gauge("crowdpay_saga_inputs_applied", sagaInputs::applied);
            metrics.gauge("crowdpay_saga_inputs_duplicates", sagaInputs::duplicates);
            metrics.gauge("crowdpay_saga_inputs_poison", sagaInputs::poison);
        }
        if (natsWatchdog != null) {
            metrics.gauge("crowdpay_nats_forced_reconnects", natsWatchdog::forcedReconnects);
        }
        return new Service(pipeline, http, counterparties, legTimer, natsLegs, sagaInputs, eventLog, consumers, nats,
                natsWatchdog, audit, gcMetrics);
    }

    /**
     * The audit roots' stream: {@code CROWDPAY_AUDIT} on {@code crowdpay.audit.root.v1} by default, and
     * beside a renamed event stream its own ({@code <stream>_AUDIT} on {@code <prefix>.audit.root.v1}),
     * so that two deployments (or test runs) sharing a NATS server never mix their trails.
     */
    private static RootPublisher.Settings auditStream(Downstream downstream) {
        RootPublisher.Settings defaults = RootPublisher.Settings.defaults();
        if (downstream.stream().streamName().equals(io.crowdpay.replicator.jetstream.StreamSettings.STREAM_NAME)) {
            return defaults;
        }
        return defaults.withNames(downstream.stream().streamName() + "_AUDIT", downstream.stream().subjectPrefix() + ".audit.root.v1");
    }

    /** The consumers' standing, and shedding also when the event log itself cannot be written. */
    private static io.crowdpay.replicator.consumer.Downstream downstreamOf(EventLogWriter writer, Consumers consumers) {
        return new io.crowdpay.replicator.consumer.Downstream() {
            @Override
            public String shedding() {
                String failed = writer.failure();
                return failed != null ? failed : consumers.shedding();
            }

            @Override
            public List<io.crowdpay.replicator.consumer.ConsumerStatus> consumers() {
                return consumers.consumers();
            }
        };
    }

    private static String readiness(Pipeline pipeline, EventLogWriter writer, Consumers consumers) {
        String halt = pipeline.haltReason();
        if (halt != null) {
            return halt;
        }
        if (writer.failure() != null) {
            return writer.failure();
        }
        String lagging = consumers.shedding();
        if (lagging != null) {
            return lagging;
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
        legTimer.close();
        if (sagaInputs != null) {
            sagaInputs.close();
        }
        pipeline.close();
        if (natsLegs != null) {
            natsLegs.close();
        }
        consumers.drainAndClose(DRAIN_MILLIS);
        eventLog.close();
        if (audit != null) {
            audit.close();
        }
        if (natsWatchdog != null) {
            natsWatchdog.close();
        }
        if (nats != null) {
            try {
                nats.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        gcMetrics.close();
        LOG.info("stopped; final snapshot written");
    }
}
