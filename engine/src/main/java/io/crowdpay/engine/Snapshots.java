package io.crowdpay.engine;

import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.ledger.SystemAccount;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.Pod;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.FxDetails;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Spending;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.User;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.Balance;
import io.crowdpay.engine.wallet.Wallet;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.engine.wire.CommandCodec;
import io.crowdpay.engine.wire.Decoder;
import io.crowdpay.engine.wire.Encoder;
import io.crowdpay.engine.wire.Values;
import java.util.Map;

/**
 * The binary image of the whole engine state. Written in map insertion order, which replay
 * reproduces, so two engines with equal state write equal bytes: that is what the state hash hashes.
 * Pure: bytes in, bytes out; the journal module decides where they live.
 */
public final class Snapshots {

    private static final int MAGIC = 0x43505331; // "CPS1"
    /** 2 added the event sequence and stream versions; an older snapshot is skipped and the journal replayed. */
    private static final int VERSION = 2;

    private Snapshots() {
    }

    public static byte[] write(EngineState s) {
        return capture(s).complete().bytes();
    }

    /**
     * Takes what a snapshot needs from the state as it is now, for {@link Capture#writeTo} to encode
     * later, on another thread, while the engine goes on. The mutable parts (balances, spending,
     * pending legs) are encoded here; the tables whose keys and values are immutable (users, pods,
     * quotes, transactions, idempotency keys, stream versions) are copied as references in order, a
     * slice at a time between commands ({@link Capture#copy}; {@link Capture#complete} at
     * once), each table saving what the engine changes before the copy reaches it. At 1M
     * transactions the whole encoding took 1-2.4 s of the engine's thread, and a copy at once
     * 10-222 ms (BENCHMARKS.md).
     */
    public static Capture capture(EngineState s) {
        Capture capture = new Capture(s.pendingLegs.size());
        Encoder out = new Encoder(1 << 16);
        out.writeInt(MAGIC).writeInt(VERSION);
        Values.writeConfig(out, s.config);
        out.writeLong(s.clockMillis).writeLong(s.commandsApplied);
        capture.bytes(out);
        capture.table(s.users, (o, k, v) -> {
            User u = (User) v;
            o.writeString(u.id().value()).writeByte(u.kycStatus().ordinal()).writeByte(u.kycTier());
        });
        capture.table(s.pods, (o, k, v) -> writePod(o, (Pod) v));
        Values.writeList(out, s.ledger.wallets().values(), Snapshots::writeWallet);
        for (SystemAccount account : SystemAccount.values()) {
            Map<io.crowdpay.engine.money.Currency, Long> balances = s.ledger.systemBalances(account);
            Values.writeList(out, balances.entrySet(), (o, e) -> {
                Values.writeCurrency(o, e.getKey());
                o.writeLong(e.getValue());
            });
        }
        capture.bytes(out);
        capture.table(s.quotes, (o, k, v) -> writeQuote(o, (FxQuote) v));
        capture.transactions = capture.table(s.transactions, (o, k, v) -> writeTransaction(o, (Transaction) v));
        capture.table(s.idempotency, (o, k, v) -> {
            var key = (EngineState.IdempotencyKey) k;
            o.writeString(key.actor().value()).writeString(key.key()).writeString(((TransactionId) v).value());
        });
        Values.writeList(out, s.pendingLegs.entrySet(), (o, e) -> o.writeString(e.getKey().value()).writeByte(e.getValue().ordinal()));
        Values.writeList(out, s.spending.dailyTotals().entrySet(), (o, e) -> {
            o.writeString(e.getKey().user().value());
            Values.writeCurrency(o, e.getKey().currency());
            o.writeLong(e.getValue().day()).writeLong(e.getValue().total());
        });
        Values.writeList(out, s.spending.recentInitiations().entrySet(), (o, e) -> {
            o.writeString(e.getKey().value());
            // The same encoding as Values.writeList of the times: a count, then each, oldest first.
            o.writeInt(e.getValue().size());
            for (int i = 0; i < e.getValue().size(); i++) {
                o.writeLong(e.getValue().get(i));
            }
        });
        out.writeLong(s.eventSequence);
        capture.bytes(out);
        capture.table(s.streamVersions, (o, k, v) -> o.writeString((String) k).writeLong((Long) v));
        return capture;
    }

    /**
     * A snapshot taken but not yet encoded, as its parts in order: encoded bytes of the mutable parts
     * (balances, spending) and copies, in insertion order, of the references in the tables whose keys
     * and values are immutable (users, pods, quotes, transactions, idempotency keys, stream versions),
     * each encoded later as a count and its entries.
     */
    public static final class Capture {
        /** About how many bytes {@link #writeTo} hands its sink at a time. */
        public static final int CHUNK_BYTES = 1 << 20;

        /** Each a {@code byte[]} or a {@link Table}. */
        private final java.util.List<Object> parts = new java.util.ArrayList<>();
        private final java.util.List<Table> tables = new java.util.ArrayList<>();
        private final int pendingLegs;
        private Table transactions;

        /** How one entry of a table is encoded. */
        @FunctionalInterface
        private interface EntryWriter {
            void write(Encoder out, Object key, Object value);
        }

        private record Table(InsertionOrderedMap<?, ?>.SlicedCopy copy, EntryWriter writer) {
        }

        private Capture(int pendingLegs) {
            this.pendingLegs = pendingLegs;
        }

        private void bytes(Encoder encoded) {
            parts.add(encoded.toByteArray());
            encoded.clear();
        }

        private Table table(InsertionOrderedMap<?, ?> map, EntryWriter writer) {
            Table table = new Table(map.copyInSlices(), writer);
            parts.add(table);
            tables.add(table);
            return table;
        }

        /**
         * Copies up to {@code entries} more entries of the tables; answers whether the capture is
         * complete. Only on the engine's thread, between commands: the engine may go on in between
         * (what it changes is saved first), but the capture can be encoded only once complete.
         */
        public boolean copy(int entries) {
            for (Table table : tables) {
                if (!table.copy().done()) {
                    table.copy().copy(entries);
                    break;
                }
            }
            return isComplete();
        }

        public boolean isComplete() {
            for (Table table : tables) {
                if (!table.copy().done()) {
                    return false;
                }
            }
            return true;
        }

        /** Completes the copy at once (a snapshot taken while the engine waits). */
        public Capture complete() {
            for (Table table : tables) {
                table.copy().copy(Integer.MAX_VALUE);
            }
            return this;
        }

        /** The snapshot's bytes: the same as {@link #write} of the state when it was captured. */
        public byte[] bytes() {
            var all = new java.io.ByteArrayOutputStream(1 << 16);
            writeTo(all::write);
            return all.toByteArray();
        }

        /**
         * Encodes the snapshot into {@code sink} a chunk of about {@value #CHUNK_BYTES} bytes at a time,
         * the same bytes as {@link #bytes()}, so that a writer can stream it to disk without holding
         * the whole image (264-356 MB at 1M transactions) at once. Only once {@link #isComplete()}.
         */
        public void writeTo(Sink sink) {
            Encoder out = new Encoder(CHUNK_BYTES + (1 << 16));
            for (Object part : parts) {
                if (part instanceof byte[] encoded) {
                    out.writeRaw(encoded, 0, encoded.length);
                } else {
                    Table table = (Table) part;
                    InsertionOrderedMap.Entries entries = table.copy().entries();
                    out.writeInt(entries.size());
                    Object[] keys = entries.keys();
                    Object[] values = entries.values();
                    for (int i = 0; i < keys.length; i++) {
                        if (keys[i] != null) {
                            table.writer().write(out, keys[i], values[i]);
                            passOn(out, sink, CHUNK_BYTES);
                        }
                    }
                }
                passOn(out, sink, CHUNK_BYTES);
            }
            passOn(out, sink, 0);
        }

        /**
         * Checks what was too slow to check on the engine's thread: as many transactions waiting on
         * a leg as the captured pending-leg table holds (1M transactions took tens of milliseconds).
         */
        public void verify() {
            long pendingWithLegs = 0;
            for (Object o : transactions.copy().entries().values()) {
                if (o instanceof Transaction t && t.status() == TransactionStatus.PENDING && t.type().externalLeg() != null) {
                    pendingWithLegs++;
                }
            }
            if (pendingWithLegs != pendingLegs) {
                throw new IllegalStateException("pending legs " + pendingLegs + " != pending transactions " + pendingWithLegs);
            }
        }

        private static void passOn(Encoder out, Sink sink, int atLeast) {
            if (out.length() > 0 && out.length() >= atLeast) {
                sink.write(out.array(), 0, out.length());
                out.clear();
            }
        }
    }

    /** Takes a snapshot's bytes in order; the array is reused once the call returns. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] bytes, int offset, int length);
    }

    public static EngineState read(byte[] bytes) {
        Decoder in = new Decoder(bytes);
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new Decoder.CorruptInput("not a CrowdPay snapshot of version " + VERSION);
        }
        EngineState s = new EngineState();
        s.config = Values.readConfig(in);
        s.reserve(s.config.idempotencyKeysMax());
        s.clockMillis = in.readLong();
        s.commandsApplied = in.readLong();
        for (User u : Values.readList(in, i -> new User(new UserId(i.readString()), CommandCodec.enumOf(KycStatus.values(), i.readByte()), i.readByte()))) {
            s.users.put(u.id(), u);
        }
        for (Pod p : Values.readList(in, Snapshots::readPod)) {
            s.pods.put(p.id(), p);
        }
        Values.readList(in, Snapshots::readWallet).forEach(s.ledger::add);
        for (SystemAccount account : SystemAccount.values()) {
            int n = in.readCount(Values.COLLECTION_MAX);
            for (int i = 0; i < n; i++) {
                s.ledger.restoreSystemBalance(account, Values.readCurrency(in), in.readLong());
            }
        }
        Values.readList(in, Snapshots::readQuote).forEach(q -> s.quotes.put(q.id(), q));
        Values.readList(in, Snapshots::readTransaction).forEach(t -> s.transactions.put(t.id(), t));
        int keys = in.readCount(Values.COLLECTION_MAX);
        for (int i = 0; i < keys; i++) {
            s.idempotency.put(new EngineState.IdempotencyKey(new UserId(in.readString()), in.readString()), new TransactionId(in.readString()));
        }
        int legs = in.readCount(Values.COLLECTION_MAX);
        for (int i = 0; i < legs; i++) {
            s.pendingLegs.put(new TransactionId(in.readString()), CommandCodec.enumOf(Leg.values(), in.readByte()));
        }
        readSpending(in, s.spending);
        s.eventSequence = in.readLong();
        int streams = in.readCount(Values.COLLECTION_MAX);
        for (int i = 0; i < streams; i++) {
            s.streamVersions.put(in.readString(), in.readLong());
        }
        if (in.hasRemaining()) {
            throw new Decoder.CorruptInput("trailing bytes after snapshot");
        }
        return s;
    }

    private static void readSpending(Decoder in, Spending spending) {
        int daily = in.readCount(Values.COLLECTION_MAX);
        for (int i = 0; i < daily; i++) {
            var key = new Spending.Key(new UserId(in.readString()), Values.readCurrency(in));
            spending.restoreDaily(key, new Spending.Daily(in.readLong(), in.readLong()));
        }
        int users = in.readCount(Values.COLLECTION_MAX);
        for (int i = 0; i < users; i++) {
            UserId user = new UserId(in.readString());
            spending.restoreRecent(user, Values.readList(in, Decoder::readLong));
        }
    }

    private static void writePod(Encoder o, Pod p) {
        o.writeString(p.id().value()).writeString(p.name());
        Values.writeList(o, p.currencies(), Values::writeCurrency);
        Values.writeList(o, p.members(), (e, m) -> e.writeString(m.userId().value()).writeByte(m.role().ordinal()));
    }

    private static Pod readPod(Decoder i) {
        return new Pod(new PodId(i.readString()), i.readString(), Values.readList(i, Values::readCurrency),
                Values.readList(i, d -> new Member(new UserId(d.readString()), CommandCodec.enumOf(Role.values(), d.readByte()))));
    }

    private static void writeWallet(Encoder o, Wallet w) {
        o.writeString(w.id().value()).writeString(w.pod() == null ? null : w.pod().value())
                .writeString(w.owner() == null ? null : w.owner().value());
        Values.writeList(o, w.balances().entrySet(), (e, b) -> {
            Values.writeCurrency(e, b.getKey());
            Balance balance = b.getValue();
            e.writeLong(balance.available()).writeLong(balance.held());
        });
    }

    private static Wallet readWallet(Decoder i) {
        WalletId id = new WalletId(i.readString());
        String pod = i.readString();
        String owner = i.readString();
        Wallet wallet = new Wallet(id, pod == null ? null : new PodId(pod), owner == null ? null : new UserId(owner));
        int n = i.readCount(Values.COLLECTION_MAX);
        for (int k = 0; k < n; k++) {
            wallet.restore(Values.readCurrency(i), i.readLong(), i.readLong());
        }
        return wallet;
    }

    private static void writeQuote(Encoder o, FxQuote q) {
        o.writeString(q.id().value()).writeString(q.pod().value()).writeString(q.requestedBy().value());
        Values.writeMoney(o, q.sell());
        Values.writeMoney(o, q.buy());
        Values.writeRate(o, q.rate());
        o.writeLong(q.issuedAtMillis()).writeLong(q.expiresAtMillis()).writeBoolean(q.used());
    }

    private static FxQuote readQuote(Decoder i) {
        return new FxQuote(new QuoteId(i.readString()), new PodId(i.readString()), new UserId(i.readString()),
                Values.readMoney(i), Values.readMoney(i), Values.readRate(i), i.readLong(), i.readLong(), i.readBoolean());
    }

    private static void writeTransaction(Encoder o, Transaction t) {
        CommandCodec.writeInitiate(o, t.request());
        o.writeString(t.source() == null ? null : t.source().value());
        o.writeString(t.beneficiary() == null ? null : t.beneficiary().value());
        o.writeBoolean(t.fx() != null);
        if (t.fx() != null) {
            o.writeString(t.fx().quoteId().value());
            Values.writeRate(o, t.fx().rate());
            Values.writeMoney(o, t.fx().buy());
        }
        o.writeByte(t.status().ordinal());
        o.writeBoolean(t.failure() != null);
        if (t.failure() != null) {
            o.writeString(t.failure().code()).writeString(t.failure().reason());
        }
        o.writeLong(t.createdAtMillis()).writeLong(t.updatedAtMillis());
    }

    private static Transaction readTransaction(Decoder i) {
        var request = CommandCodec.readInitiate(i);
        String source = i.readString();
        String beneficiary = i.readString();
        FxDetails fx = i.readBoolean() ? new FxDetails(new QuoteId(i.readString()), Values.readRate(i), Values.readMoney(i)) : null;
        TransactionStatus status = CommandCodec.enumOf(TransactionStatus.values(), i.readByte());
        Failure failure = i.readBoolean() ? new Failure(i.readString(), i.readString()) : null;
        return new Transaction(request, source == null ? null : new WalletId(source),
                beneficiary == null ? null : new WalletId(beneficiary), fx, status, failure, i.readLong(), i.readLong());
    }
}
