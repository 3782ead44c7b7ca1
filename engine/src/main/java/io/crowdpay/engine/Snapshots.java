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
        return capture(s).bytes();
    }

    /**
     * Takes what a snapshot needs from the state as it is now, for {@link Capture#bytes()} to write
     * later, on another thread, while the engine goes on. The small and mutable parts (reference
     * data, balances, spending) are encoded here; the three big tables (transactions, idempotency
     * keys, stream versions), whose keys and values are immutable, are only copied as references in
     * order. At 1M transactions that is tens of milliseconds on the engine's thread instead of the
     * 1-2.4 s the whole encoding took there (BENCHMARKS.md).
     */
    public static Capture capture(EngineState s) {
        Encoder head = new Encoder(1 << 16);
        head.writeInt(MAGIC).writeInt(VERSION);
        Values.writeConfig(head, s.config);
        head.writeLong(s.clockMillis).writeLong(s.commandsApplied);
        Values.writeList(head, s.users.values(), (o, u) -> o.writeString(u.id().value()).writeByte(u.kycStatus().ordinal()).writeByte(u.kycTier()));
        Values.writeList(head, s.pods.values(), Snapshots::writePod);
        Values.writeList(head, s.ledger.wallets().values(), Snapshots::writeWallet);
        for (SystemAccount account : SystemAccount.values()) {
            Map<io.crowdpay.engine.money.Currency, Long> balances = s.ledger.systemBalances(account);
            Values.writeList(head, balances.entrySet(), (o, e) -> {
                Values.writeCurrency(o, e.getKey());
                o.writeLong(e.getValue());
            });
        }
        Values.writeList(head, s.quotes.values(), Snapshots::writeQuote);
        InsertionOrderedMap.Entries transactions = s.transactions.copyInOrder();
        InsertionOrderedMap.Entries idempotency = s.idempotency.copyInOrder();
        Encoder middle = new Encoder(1 << 12);
        Values.writeList(middle, s.pendingLegs.entrySet(), (o, e) -> o.writeString(e.getKey().value()).writeByte(e.getValue().ordinal()));
        Values.writeList(middle, s.spending.dailyTotals().entrySet(), (o, e) -> {
            o.writeString(e.getKey().user().value());
            Values.writeCurrency(o, e.getKey().currency());
            o.writeLong(e.getValue().day()).writeLong(e.getValue().total());
        });
        Values.writeList(middle, s.spending.recentInitiations().entrySet(), (o, e) -> {
            o.writeString(e.getKey().value());
            // The same encoding as Values.writeList of the times: a count, then each, oldest first.
            o.writeInt(e.getValue().size());
            for (int i = 0; i < e.getValue().size(); i++) {
                o.writeLong(e.getValue().get(i));
            }
        });
        middle.writeLong(s.eventSequence);
        return new Capture(head.toByteArray(), transactions, idempotency, middle.toByteArray(), s.streamVersions.copyInOrder());
    }

    /**
     * A snapshot taken but not yet encoded: encoded bytes of the small parts and, in insertion order,
     * the references of the big tables' immutable keys and values.
     */
    public static final class Capture {
        private final byte[] head;
        private final InsertionOrderedMap.Entries transactions;
        private final InsertionOrderedMap.Entries idempotency;
        private final byte[] middle;
        private final InsertionOrderedMap.Entries streamVersions;

        private Capture(byte[] head, InsertionOrderedMap.Entries transactions, InsertionOrderedMap.Entries idempotency,
                        byte[] middle, InsertionOrderedMap.Entries streamVersions) {
            this.head = head;
            this.transactions = transactions;
            this.idempotency = idempotency;
            this.middle = middle;
            this.streamVersions = streamVersions;
        }

        /** The snapshot's bytes: the same as {@link #write} of the state when it was captured. */
        public byte[] bytes() {
            Encoder out = new Encoder(head.length + middle.length + 256 * transactions.size() + (1 << 16));
            out.writeRaw(head, 0, head.length);
            out.writeInt(transactions.size());
            for (Object t : transactions.values()) {
                writeTransaction(out, (Transaction) t);
            }
            out.writeInt(idempotency.size());
            for (int i = 0; i < idempotency.size(); i++) {
                var key = (EngineState.IdempotencyKey) idempotency.keys()[i];
                out.writeString(key.actor().value()).writeString(key.key())
                        .writeString(((TransactionId) idempotency.values()[i]).value());
            }
            out.writeRaw(middle, 0, middle.length);
            out.writeInt(streamVersions.size());
            for (int i = 0; i < streamVersions.size(); i++) {
                out.writeString((String) streamVersions.keys()[i]).writeLong((Long) streamVersions.values()[i]);
            }
            return out.toByteArray();
        }
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
