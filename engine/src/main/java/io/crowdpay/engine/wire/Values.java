package io.crowdpay.engine.wire;

import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.config.RiskRules;
import io.crowdpay.engine.config.Sanctions;
import io.crowdpay.engine.config.TierLimits;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** Encodings of the value types shared by commands and snapshots. */
public final class Values {

    /** Bound on any collection we read back: far above every limit the engine enforces. */
    public static final int COLLECTION_MAX = 50_000_000;

    private Values() {
    }

    public static void writeCurrency(Encoder out, Currency currency) {
        out.writeString(currency.code()).writeByte(currency.scale());
    }

    public static Currency readCurrency(Decoder in) {
        String code = in.readString();
        int scale = in.readByte();
        try {
            return Currency.of(code, scale);
        } catch (RuntimeException e) {
            throw new Decoder.CorruptInput("bad currency " + code);
        }
    }

    public static void writeMoney(Encoder out, Money money) {
        out.writeLong(money.minorUnits());
        writeCurrency(out, money.currency());
    }

    public static Money readMoney(Decoder in) {
        long minor = in.readLong();
        return new Money(minor, readCurrency(in));
    }

    public static void writeRate(Encoder out, Rate rate) {
        out.writeString(rate.toPlainString());
    }

    public static Rate readRate(Decoder in) {
        return new Rate(new BigDecimal(in.readString()));
    }

    public static <T> void writeList(Encoder out, Collection<T> items, java.util.function.BiConsumer<Encoder, T> item) {
        out.writeInt(items.size());
        for (T t : items) {
            item.accept(out, t);
        }
    }

    public static <T> List<T> readList(Decoder in, Function<Decoder, T> item) {
        int n = in.readCount(COLLECTION_MAX);
        List<T> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            list.add(item.apply(in));
        }
        return list;
    }

    public static void writeStringMap(Encoder out, SortedMap<String, String> map) {
        out.writeInt(map.size());
        map.forEach((k, v) -> out.writeString(k).writeString(v));
    }

    public static SortedMap<String, String> readStringMap(Decoder in) {
        int n = in.readCount(COLLECTION_MAX);
        SortedMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.readString(), in.readString());
        }
        return map;
    }

    public static void writeCurrencyAmounts(Encoder out, SortedMap<Currency, Long> map) {
        out.writeInt(map.size());
        map.forEach((c, v) -> {
            writeCurrency(out, c);
            out.writeLong(v);
        });
    }

    public static SortedMap<Currency, Long> readCurrencyAmounts(Decoder in) {
        int n = in.readCount(COLLECTION_MAX);
        SortedMap<Currency, Long> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readCurrency(in), in.readLong());
        }
        return map;
    }

    private static void writeStrings(Encoder out, SortedSet<String> set) {
        writeList(out, set, Encoder::writeString);
    }

    private static SortedSet<String> readStrings(Decoder in) {
        return new TreeSet<>(readList(in, Decoder::readString));
    }

    public static void writeConfig(Encoder out, EngineConfig config) {
        writeList(out, config.currencies(), Values::writeCurrency);
        writeList(out, config.tiers(), (o, t) -> {
            writeCurrencyAmounts(o, t.perTransactionMax());
            writeCurrencyAmounts(o, t.dailyMax());
        });
        out.writeInt(config.risk().velocityCountMax()).writeLong(config.risk().velocityWindowMillis());
        writeCurrencyAmounts(out, config.risk().rejectAbove());
        Sanctions s = config.sanctions();
        writeStrings(out, s.names());
        writeStrings(out, s.ibans());
        writeStrings(out, s.userIds());
        writeStrings(out, s.walletIds());
        out.writeLong(config.fxQuoteTtlMillis()).writeInt(config.pendingLegsMax())
                .writeInt(config.idempotencyKeysMax()).writeLong(config.idempotencyRetentionMillis());
    }

    public static EngineConfig readConfig(Decoder in) {
        SortedSet<Currency> currencies = new TreeSet<>(readList(in, Values::readCurrency));
        List<TierLimits> tiers = readList(in, i -> new TierLimits(readCurrencyAmounts(i), readCurrencyAmounts(i)));
        RiskRules risk = new RiskRules(in.readInt(), in.readLong(), readCurrencyAmounts(in));
        Sanctions sanctions = new Sanctions(readStrings(in), readStrings(in), readStrings(in), readStrings(in));
        return new EngineConfig(currencies, tiers, risk, sanctions, in.readLong(), in.readInt(), in.readInt(), in.readLong());
    }
}
