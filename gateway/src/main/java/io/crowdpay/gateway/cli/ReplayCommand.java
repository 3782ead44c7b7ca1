package io.crowdpay.gateway.cli;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.StateHash;
import io.crowdpay.gateway.config.ServiceConfig;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.JournalEntry;
import io.crowdpay.journal.SnapshotStore;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays a journal from its first entry into a fresh engine and reports what it found: entries,
 * last index, state hash, time taken. {@code --verify} also checks the state at the newest snapshot's
 * index against the snapshot's own hash; {@code --dump} prints the entries. Reads only: safe while
 * the service runs.
 */
@Command(name = "replay", description = "Replay the journal: report entries, state hash and time; verify against the latest snapshot; or dump entries.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Data directory holding journal/ and snapshots/. Default: DATA_DIR or ./data.")
    Path dataDir;

    @Option(names = "--verify", description = "Compare the replayed state at the latest snapshot's index with that snapshot; exit 1 on a mismatch.")
    boolean verify;

    @Option(names = "--dump", description = "Print every entry: index, time, command.")
    boolean dump;

    @Option(names = "--rebuild-database", description = "Drop the PostgreSQL event store and read model schemas, migrate "
            + "them, and fill them from the journal (needs DATABASE_URL). Safe beside a running service only into other schemas.")
    boolean rebuildDatabase;

    @Option(names = "--schema", description = "With --rebuild-database: the event store schema. Default: EVENT_STORE_SCHEMA or crowdpay.")
    String schema;

    @Option(names = "--read-schema", description = "With --rebuild-database: the read model schema. Default: READ_MODEL_SCHEMA or read_model.")
    String readSchema;

    @Option(names = "--database-url", description = "With --rebuild-database: the database. Default: DATABASE_URL.")
    String databaseUrl;

    @Option(names = "--yes", description = "With --rebuild-database: confirm dropping the schemas.")
    boolean yes;

    @Option(names = "--rebuild-events", description = "Derive the local event log (DATA_DIR/events) again from the journal; "
            + "the old one is set aside. Only while the service is stopped.")
    boolean rebuildEvents;

    @Option(names = "--limit", defaultValue = "" + Long.MAX_VALUE, description = "With --dump, print at most this many entries.")
    long limit;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : ServiceConfig.fromEnv(System.getenv()).dataDir();
        Path journalDir = dir.resolve("journal");
        if (!Files.isDirectory(journalDir)) {
            System.err.println("crowdpay replay: no journal at " + journalDir);
            return 2;
        }
        if (rebuildEvents) {
            Rebuild.eventLog(dir, System.err);
            return 0;
        }
        if (rebuildDatabase) {
            ServiceConfig.Downstream downstream = ServiceConfig.fromEnv(System.getenv()).downstream();
            DatabaseUrl database = databaseUrl != null ? DatabaseUrl.parse(databaseUrl) : downstream.database();
            if (database == null) {
                System.err.println("crowdpay replay: --rebuild-database needs DATABASE_URL or --database-url");
                return 2;
            }
            Schema target = schema != null ? new Schema(schema) : downstream.schema();
            Schema readTarget = readSchema != null ? new Schema(readSchema) : downstream.readSchema();
            if (!yes) {
                System.err.println("crowdpay replay: --rebuild-database drops schemas " + target.name() + " and "
                        + readTarget.name() + " first; add --yes to go ahead");
                return 2;
            }
            Rebuild.Result result = Rebuild.database(journalDir, database, target, readTarget, System.err);
            System.out.printf("rebuilt schemas %s and %s: %,d events from %,d journal entries in %.1f s%n", target.name(),
                    readTarget.name(), result.events(), result.entries(), result.seconds());
            return 0;
        }
        Optional<SnapshotStore.Snapshot> snapshot = verify ? new SnapshotStore(dir.resolve("snapshots")).latest() : Optional.empty();
        if (verify && snapshot.isEmpty()) {
            System.err.println("crowdpay replay: --verify needs a snapshot in " + dir.resolve("snapshots") + "; none is readable");
            return 2;
        }
        PrintStream out = System.out;
        Engine engine = new Engine();
        String[] hashAtSnapshot = {null};
        long[] dumped = {0};
        long[] lastIndex = {-1};
        var progress = new io.crowdpay.gateway.Progress("replaying");
        long entries;
        long started;
        try (CommandJournal journal = CommandJournal.openReadOnly(journalDir)) {
            // Timed from here: opening a queue costs a second or so of one-off set-up, not replay.
            started = System.nanoTime();
            entries = journal.readAfter(Long.MIN_VALUE, (JournalEntry entry) -> {
                engine.apply(entry.command(), entry.timestampMillis());
                lastIndex[0] = entry.index();
                if (dump && dumped[0]++ < limit) {
                    out.printf("%016x %s %s%n", entry.index(), Instant.ofEpochMilli(entry.timestampMillis()), entry.command());
                }
                if (snapshot.isPresent() && entry.index() == snapshot.get().journalIndex()) {
                    hashAtSnapshot[0] = StateHash.of(engine.state());
                }
                progress.accept(entry.index());
            });
        }
        engine.verifyInvariants();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("entries replayed: %,d%n", entries);
        out.printf("last index:       %s%n", lastIndex[0] < 0 ? "-" : Long.toHexString(lastIndex[0]));
        out.printf("state hash:       %s%n", StateHash.of(engine.state()));
        out.printf("time:             %.3f s (%,.0f entries/s)%n", seconds, entries / Math.max(seconds, 1e-9));
        out.println("ledger invariants: hold (sum zero per currency, nothing negative)");
        if (snapshot.isPresent()) {
            SnapshotStore.Snapshot s = snapshot.get();
            if (hashAtSnapshot[0] == null) {
                out.printf("verify: FAILED: the journal has no entry at the snapshot's index %x%n", s.journalIndex());
                return 1;
            }
            boolean same = hashAtSnapshot[0].equals(s.stateHash());
            out.printf("verify: %s: replay at index %x gives %s, snapshot %s has %s%n", same ? "MATCH" : "MISMATCH",
                    s.journalIndex(), hashAtSnapshot[0], s.file().getFileName(), s.stateHash());
            return same ? 0 : 1;
        }
        return 0;
    }
}
