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
        Encoder out = new Encoder(1 << 16);
        out.writeInt(MAGIC).writeInt(VERSION);
        Values.writeConfig(out, s.config);
        out.writeLong(s.clockMillis).writeLong(s.commandsApplied);
        Values.writeList(out, s.users.values(), (o, u) -> o.writeString(u.id().value()).writeByte(u.kycStatus().ordinal()).writeByte(u.kycTier()));
        Values.writeList(out, s.pods.values(), Snapshots::writePod);
        Values.writeList(out, s.ledger.wallets().values(), Snapshots::writeWallet);
        for (SystemAccount account : SystemAccount.values()) {
            Map<io.crowdpay.engine.money.Currency, Long> balances = s.ledger.systemBalances(account);
            Values.writeList(out, balances.entrySet(), (o, e) -> {
                Values.writeCurrency(o, e.getKey());
                o.writeLong(e.getValue());
            });
        }
        Values.writeList(out, s.quotes.values(), Snapshots::writeQuote);
        Values.writeList(out, s.transactions.values(), Snapshots::writeTransaction);
        Values.writeList(out, s.idempotency.entrySet(), (o, e) ->
                o.writeString(e.getKey().actor().value()).writeString(e.getKey().key()).writeString(e.getValue().value()));
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
        Values.writeList(out, s.streamVersions.entrySet(), (o, e) -> o.writeString(e.getKey()).writeLong(e.getValue()));
        return out.toByteArray();
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
