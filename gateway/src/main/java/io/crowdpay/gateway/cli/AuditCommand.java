package io.crowdpay.gateway.cli;

import io.crowdpay.gateway.Progress;
import io.crowdpay.gateway.config.AuditKeyFiles;
import io.crowdpay.gateway.config.OpsFiles;
import io.crowdpay.gateway.config.ServiceConfig;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditKeys;
import io.crowdpay.replicator.audit.AuditResult;
import io.crowdpay.replicator.audit.AuditVerifier;
import io.crowdpay.replicator.audit.trail.StoredAudit;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crowdpay audit ...}: the Merkle audit trail's operator commands. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The Merkle audit trail (signed batch roots of every event).",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Recomputes the whole audit from PostgreSQL, as an outside auditor would: every event's leaf from
     * the event store, the chain, each batch's Merkle root, and each root's signature with the public
     * key alone. Reads only, in one snapshot: safe while the service runs. Exit codes: 0 intact,
     * 1 tampered (the first tampered event named), 2 could not check (database unreachable, schema
     * not migrated, no key).
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recompute the audit trail from the event store and name the first tampered event, if any.",
                "Exit 0: intact. Exit 1: tampered. Exit 2: could not check (database unreachable or not migrated, no key)."})
    static final class Verify implements Callable<Integer> {

        static final int INTACT = 0;
        static final int TAMPERED = 1;
        static final int CANNOT_CHECK = 2;

        @Spec
        CommandSpec spec;

        @Option(names = "--database-url", description = "PostgreSQL URL. Default: DATABASE_URL.")
        String databaseUrl;

        @Option(names = "--schema", description = "Event store schema. Default: EVENT_STORE_SCHEMA or crowdpay.")
        String schema;

        @Option(names = "--public-key", paramLabel = "PEM",
                description = "Audit public key (X.509 PEM); repeat it to trust the keys of a rotation. Default: "
                        + "DATA_DIR/keys/audit-public-key.pem.")
        List<Path> publicKeys;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            DatabaseUrl url;
            Schema target;
            Map<String, PublicKey> trusted;
            try {
                url = databaseUrl != null ? DatabaseUrl.parse(databaseUrl) : DatabaseUrl.fromEnvironment();
                target = schema != null ? new Schema(schema) : Schema.fromEnvironment();
                trusted = trustedKeys();
            } catch (IllegalArgumentException | IOException | OpsFiles.Invalid e) {
                err.println("crowdpay audit verify: " + e.getMessage());
                return CANNOT_CHECK;
            }
            try (StoredAudit stored = StoredAudit.open(url, target)) {
                AuditResult result = stored.verify(new AuditVerifier(trusted), new Progress("audit verify"));
                return report(result, stored);
            } catch (SQLException e) {
                err.println("crowdpay audit verify: cannot read the audit trail from " + url.jdbcUrl() + " schema "
                        + target.name() + ": " + e.getMessage());
                return CANNOT_CHECK;
            } catch (IllegalStateException notMigrated) {
                err.println("crowdpay audit verify: " + notMigrated.getMessage());
                return CANNOT_CHECK;
            }
        }

        /** The one-line summary on stdout; for a tampered event, the verifier's detail follows on stderr. */
        private int report(AuditResult result, StoredAudit stored) throws SQLException {
            PrintWriter out = spec.commandLine().getOut();
            switch (result) {
                case AuditResult.Intact intact -> {
                    out.printf("OK: %d events in %d sealed batches verified (%d unsealed)%n", intact.eventsSealed(),
                            intact.batches(), intact.eventsUnsealed());
                    out.flush();
                    return INTACT;
                }
                case AuditResult.Tampered tampered -> {
                    String type = stored.eventType(tampered.sequence()).orElse("no such event");
                    out.printf("TAMPERED: event %d (%s, %s): %s%n", tampered.sequence(), EventRecord.idFor(tampered.sequence()),
                            type, tampered.tamper().name().toLowerCase(Locale.ROOT));
                    out.flush();
                    spec.commandLine().getErr().println("  " + tampered.detail());
                    return TAMPERED;
                }
            }
        }

        private Map<String, PublicKey> trustedKeys() throws IOException {
            List<Path> files = publicKeys != null && !publicKeys.isEmpty() ? publicKeys
                    : List.of(AuditKeyFiles.publicKeyPath(ServiceConfig.fromEnv(System.getenv()).keysDir()));
            Map<String, PublicKey> trusted = new HashMap<>();
            for (Path file : files) {
                PublicKey key;
                try {
                    key = AuditKeys.loadPublic(file);
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new IOException("no audit public key at " + file + "; pass --public-key", e);
                }
                trusted.put(AuditKeys.keyId(key), key);
            }
            return trusted;
        }
    }
}
