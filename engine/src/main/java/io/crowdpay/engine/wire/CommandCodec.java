package io.crowdpay.engine.wire;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.FundingSource;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Payout;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;

/**
 * The journal's binary encoding of commands: a tag byte, a version byte, then the fields. Tags and
 * field order are a storage format: never renumber or reorder; a changed command gets a new version
 * and its old reader stays here. Queries are never encoded.
 */
public final class CommandCodec {

    static final int VERSION = 1;
    static final int PUT_USER = 1;
    static final int PUT_POD = 2;
    static final int PUT_WALLET = 3;
    static final int ISSUE_QUOTE = 4;
    static final int INITIATE = 5;
    static final int COMPLETE_LEG = 6;
    static final int CONFIGURE = 7;
    static final int TIMEOUT_LEG = 8;
    static final int SCREEN_AML = 9;

    private CommandCodec() {
    }

    public static void encode(Command command, Encoder out) {
        switch (command) {
            case Command.PutUser c -> {
                header(out, PUT_USER);
                out.writeString(c.id().value()).writeByte(c.kycStatus().ordinal()).writeByte(c.kycTier());
            }
            case Command.PutPod c -> {
                header(out, PUT_POD);
                out.writeString(c.id().value()).writeString(c.name());
                Values.writeList(out, c.currencies(), Values::writeCurrency);
                Values.writeList(out, c.members(), (o, m) -> o.writeString(m.userId().value()).writeByte(m.role().ordinal()));
            }
            case Command.PutWallet c -> {
                header(out, PUT_WALLET);
                out.writeString(c.id().value()).writeString(c.owner().value());
                Values.writeList(out, c.currencies(), Values::writeCurrency);
            }
            case Command.IssueQuote c -> {
                header(out, ISSUE_QUOTE);
                out.writeString(c.id().value()).writeString(c.actor().value()).writeString(c.pod().value());
                Values.writeMoney(out, c.sell());
                Values.writeCurrency(out, c.buyCurrency());
                Values.writeRate(out, c.rate());
            }
            case Command.Initiate c -> {
                header(out, INITIATE);
                writeInitiate(out, c);
            }
            case Command.CompleteLeg c -> {
                header(out, COMPLETE_LEG);
                out.writeString(c.id().value()).writeByte(c.leg().ordinal()).writeBoolean(c.success()).writeString(c.reason());
            }
            case Command.TimeoutLeg c -> {
                header(out, TIMEOUT_LEG);
                out.writeString(c.id().value()).writeByte(c.leg().ordinal());
            }
            case Command.ScreenAml c -> {
                header(out, SCREEN_AML);
                out.writeString(c.id().value()).writeBoolean(c.hit()).writeString(c.reason());
            }
            case Command.Configure c -> {
                header(out, CONFIGURE);
                Values.writeConfig(out, c.config());
            }
            case Command.Query q -> throw new IllegalArgumentException("queries are not journaled: " + q);
        }
    }

    public static Command decode(Decoder in) {
        int tag = in.readByte();
        int version = in.readByte();
        if (version != VERSION) {
            throw new Decoder.CorruptInput("unknown version " + version + " of command " + tag);
        }
        try {
            return switch (tag) {
                case PUT_USER -> new Command.PutUser(new UserId(in.readString()), enumOf(KycStatus.values(), in.readByte()), in.readByte());
                case PUT_POD -> new Command.PutPod(new PodId(in.readString()), in.readString(),
                        Values.readList(in, Values::readCurrency),
                        Values.readList(in, i -> new Member(new UserId(i.readString()), enumOf(Role.values(), i.readByte()))));
                case PUT_WALLET -> new Command.PutWallet(new WalletId(in.readString()), new UserId(in.readString()),
                        Values.readList(in, Values::readCurrency));
                case ISSUE_QUOTE -> new Command.IssueQuote(new QuoteId(in.readString()), new UserId(in.readString()),
                        new PodId(in.readString()), Values.readMoney(in), Values.readCurrency(in), Values.readRate(in));
                case INITIATE -> readInitiate(in);
                case COMPLETE_LEG -> new Command.CompleteLeg(new TransactionId(in.readString()), enumOf(Leg.values(), in.readByte()),
                        in.readBoolean(), in.readString());
                case CONFIGURE -> new Command.Configure(Values.readConfig(in));
                case TIMEOUT_LEG -> new Command.TimeoutLeg(new TransactionId(in.readString()), enumOf(Leg.values(), in.readByte()));
                case SCREEN_AML -> new Command.ScreenAml(new TransactionId(in.readString()), in.readBoolean(), in.readString());
                default -> throw new Decoder.CorruptInput("unknown command tag " + tag);
            };
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            throw new Decoder.CorruptInput("command " + tag + " does not decode: " + e.getMessage());
        }
    }

    /** Also used by snapshots, which keep each transaction's original request. */
    public static void writeInitiate(Encoder out, Command.Initiate c) {
        out.writeString(c.id().value()).writeString(c.actor().value()).writeString(c.idempotencyKey())
                .writeByte(c.type().ordinal()).writeString(c.pod().value());
        Values.writeMoney(out, c.amount());
        out.writeString(c.sourceWallet() == null ? null : c.sourceWallet().value());
        out.writeString(c.beneficiaryWallet() == null ? null : c.beneficiaryWallet().value());
        out.writeBoolean(c.payout() != null);
        if (c.payout() != null) {
            out.writeString(c.payout().iban()).writeString(c.payout().name()).writeString(c.payout().bic());
        }
        out.writeBoolean(c.fundingSource() != null);
        if (c.fundingSource() != null) {
            out.writeByte(c.fundingSource().type().ordinal()).writeString(c.fundingSource().reference());
        }
        out.writeString(c.quoteId() == null ? null : c.quoteId().value());
        out.writeString(c.description());
        Values.writeStringMap(out, c.metadata());
        out.writeString(c.correlationId());
    }

    public static Command.Initiate readInitiate(Decoder in) {
        TransactionId id = new TransactionId(in.readString());
        UserId actor = new UserId(in.readString());
        String key = in.readString();
        TransactionType type = enumOf(TransactionType.values(), in.readByte());
        PodId pod = new PodId(in.readString());
        var amount = Values.readMoney(in);
        String source = in.readString();
        String beneficiary = in.readString();
        Payout payout = in.readBoolean() ? new Payout(in.readString(), in.readString(), in.readString()) : null;
        FundingSource funding = in.readBoolean()
                ? new FundingSource(enumOf(FundingSource.Kind.values(), in.readByte()), in.readString()) : null;
        String quote = in.readString();
        String description = in.readString();
        var metadata = Values.readStringMap(in);
        String correlation = in.readString();
        return new Command.Initiate(id, actor, key, type, pod, amount, source == null ? null : new WalletId(source),
                beneficiary == null ? null : new WalletId(beneficiary), payout, funding,
                quote == null ? null : new QuoteId(quote), description, metadata, correlation);
    }

    /** The enum constant with this ordinal; a corrupt ordinal is corrupt input, not a bug. */
    public static <E extends Enum<E>> E enumOf(E[] values, int ordinal) {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new Decoder.CorruptInput("bad enum ordinal " + ordinal);
        }
        return values[ordinal];
    }

    private static void header(Encoder out, int tag) {
        out.writeByte(tag).writeByte(VERSION);
    }
}
