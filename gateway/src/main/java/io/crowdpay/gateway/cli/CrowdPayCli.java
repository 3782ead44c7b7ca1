package io.crowdpay.gateway.cli;

import io.crowdpay.gateway.Service;
import io.crowdpay.gateway.auth.DevKeys;
import io.crowdpay.gateway.auth.TokenMinter;
import io.crowdpay.gateway.config.OpsFiles;
import io.crowdpay.gateway.config.ServiceConfig;
import io.crowdpay.replicator.postgres.Migrations;
import io.crowdpay.replicator.postgres.Schema;
import io.crowdpay.replicator.projection.ReadModelMigrations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The command line: {@code serve}, {@code token}, {@code seed-secrets}, {@code replay}. */
@Command(name = "crowdpay", mixinStandardHelpOptions = true, version = "crowdpay 0.1.0",
        description = "CrowdPay transaction engine.",
        subcommands = {CrowdPayCli.Serve.class, CrowdPayCli.Token.class, CrowdPayCli.SeedSecrets.class, ReplayCommand.class,
                CrowdPayCli.Migrate.class, AuditCommand.class, SimulateCommand.class, EventsCommand.class})
public final class CrowdPayCli implements Runnable {

    public static void main(String[] args) {
        System.setProperty("chronicle.analytics.disable", "true");
        int code = new CommandLine(new CrowdPayCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof OpsFiles.Invalid || e instanceof java.io.IOException || e instanceof IllegalStateException) {
                        cmd.getErr().println("crowdpay: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                })
                .execute(args.length == 0 ? new String[]{"serve"} : args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The NATS server a command talks to: its option, else MESSAGE_BROKER_URL, else the local one. */
    static String brokerUrl(String option) {
        return option != null ? option : System.getenv().getOrDefault("MESSAGE_BROKER_URL", "nats://127.0.0.1:4222");
    }

    static ServiceConfig config() {
        return ServiceConfig.fromEnv(System.getenv());
    }

    @Command(name = "serve", description = "Run the service (the default). Settings come from the environment; see the README.")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Service service = Service.start(config());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "migrate", description = "Create or update the PostgreSQL schemas (Flyway): the event store with its audit tables, and the read model. Needs DATABASE_URL.")
    static final class Migrate implements Callable<Integer> {
        @Option(names = "--schema", description = "Event store schema. Default: EVENT_STORE_SCHEMA or crowdpay.")
        String schema;

        @Option(names = "--read-schema", description = "Read model schema. Default: READ_MODEL_SCHEMA or read_model.")
        String readSchema;

        @Override
        public Integer call() {
            try {
                ServiceConfig.Downstream downstream = config().downstream();
                if (downstream.database() == null) {
                    System.err.println("crowdpay migrate: DATABASE_URL is not set");
                    return 2;
                }
                Schema target = schema != null ? new Schema(schema) : downstream.schema();
                Schema readTarget = readSchema != null ? new Schema(readSchema) : downstream.readSchema();
                report("event store", target, Migrations.migrate(downstream.database(), target));
                report("read model", readTarget, ReadModelMigrations.migrate(downstream.database(), readTarget));
                return 0;
            } catch (IllegalArgumentException | org.flywaydb.core.api.FlywayException e) {
                System.err.println("crowdpay migrate: " + e.getMessage());
                return 2;
            }
        }

        private static void report(String what, Schema schema, List<String> applied) {
            System.out.println(applied.isEmpty() ? what + " schema " + schema.name() + " is up to date"
                    : what + " schema " + schema.name() + ": applied " + String.join(", ", applied));
        }
    }

    @Command(name = "seed-secrets", description = "Make the dev JWT signing key and JWKS, and the audit signing key pair, under DATA_DIR/keys (idempotent).")
    static final class SeedSecrets implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Path keys = config().keysDir();
            DevKeys.ensure(keys);
            System.out.println("dev signing key: " + DevKeys.signingKeyPath(keys));
            System.out.println("public JWKS:     " + DevKeys.jwksPath(keys));
            io.crowdpay.gateway.config.AuditKeyFiles.ensure(keys);
            System.out.println("audit key:       " + io.crowdpay.gateway.config.AuditKeyFiles.privateKeyPath(keys));
            System.out.println("audit public:    " + io.crowdpay.gateway.config.AuditKeyFiles.publicKeyPath(keys));
            return 0;
        }
    }

    @Command(name = "token", description = "Mint a dev JWT signed with the dev key (never use in production).")
    static final class Token implements Callable<Integer> {
        @Option(names = "--sub", required = true, description = "The acting user id (JWT sub).")
        String subject;

        @Option(names = "--scope", defaultValue = "transactions:read transactions:write",
                description = "Space-separated scopes: transactions:read, transactions:write, admin. Default: ${DEFAULT-VALUE}.")
        String scope;

        @Option(names = "--ttl", defaultValue = "3600", description = "Lifetime in seconds. Default: ${DEFAULT-VALUE}.")
        long ttlSeconds;

        @Override
        public Integer call() throws Exception {
            ServiceConfig config = config();
            DevKeys.ensure(config.keysDir());
            System.out.println(TokenMinter.mint(DevKeys.signingKeyPath(config.keysDir()), config.jwtIssuer(), config.jwtAudience(),
                    subject, Arrays.asList(scope.trim().split("\\s+")), Duration.ofSeconds(ttlSeconds)));
            return 0;
        }
    }
}
