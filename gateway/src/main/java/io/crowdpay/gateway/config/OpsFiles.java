package io.crowdpay.gateway.config;

import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.config.RiskRules;
import io.crowdpay.engine.config.Sanctions;
import io.crowdpay.engine.config.TierLimits;
import io.crowdpay.engine.money.Amounts;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.user.User;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the rules in {@code ops/} into an {@link EngineConfig}. Strict: an unknown key, a bad amount or
 * an unknown currency stops start-up with the file and key named, because a typo in a limit is a
 * money bug.
 */
public final class OpsFiles {

    private static final Pattern LIMIT = Pattern.compile("limits\\.tier\\.(\\d)\\.(per_transaction|daily)\\.([A-Z]{3})");
    private static final Pattern REJECT_ABOVE = Pattern.compile("risk\\.reject_above\\.([A-Z]{3})");

    private OpsFiles() {
    }

    /** A mistake in an ops file, naming where it is. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    public static EngineConfig loadEngineConfig(Path opsDir) throws IOException {
        Path file = opsDir.resolve("engine.properties");
        Properties p = load(file);
        TreeSet<Currency> currencies = new TreeSet<>();
        for (String code : required(p, file, "currencies").split(",")) {
            currencies.add(currency(code.trim(), file, "currencies"));
        }
        List<SortedMap<Currency, Long>> perTx = new ArrayList<>();
        List<SortedMap<Currency, Long>> daily = new ArrayList<>();
        for (int t = 0; t <= User.TIER_MAX; t++) {
            perTx.add(new TreeMap<>());
            daily.add(new TreeMap<>());
        }
        SortedMap<Currency, Long> rejectAbove = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            Matcher limit = LIMIT.matcher(key);
            Matcher reject = REJECT_ABOVE.matcher(key);
            if (limit.matches()) {
                int tier = Integer.parseInt(limit.group(1));
                if (tier > User.TIER_MAX) {
                    throw new Invalid(file + ": " + key + ": tiers are 0.." + User.TIER_MAX);
                }
                Currency c = currency(limit.group(3), file, key);
                (limit.group(2).equals("daily") ? daily : perTx).get(tier).put(c, amount(p.getProperty(key), c, file, key, true));
            } else if (reject.matches()) {
                Currency c = currency(reject.group(1), file, key);
                rejectAbove.put(c, amount(p.getProperty(key), c, file, key, false));
            } else if (!KNOWN_KEYS.contains(key)) {
                throw new Invalid(file + ": unknown key " + key);
            }
        }
        List<TierLimits> tiers = new ArrayList<>();
        for (int t = 0; t <= User.TIER_MAX; t++) {
            tiers.add(new TierLimits(perTx.get(t), daily.get(t)));
        }
        RiskRules risk = new RiskRules(integer(p, file, "risk.velocity.count_max"),
                1000L * integer(p, file, "risk.velocity.window_seconds"), rejectAbove);
        try {
            return new EngineConfig(currencies, tiers, risk, loadSanctions(opsDir.resolve("sanctions.txt")),
                    1000L * integer(p, file, "fx.quote_ttl_seconds"), integer(p, file, "capacity.pending_legs_max"),
                    integer(p, file, "capacity.idempotency_keys_max"),
                    3_600_000L * integer(p, file, "idempotency.retention_hours"));
        } catch (IllegalArgumentException e) {
            throw new Invalid(file + ": " + e.getMessage());
        }
    }

    private static final java.util.Set<String> KNOWN_KEYS = java.util.Set.of("currencies", "fx.quote_ttl_seconds",
            "capacity.pending_legs_max", "capacity.idempotency_keys_max", "idempotency.retention_hours",
            "risk.velocity.count_max", "risk.velocity.window_seconds");

    /** Reads {@code <kind>: <value>} lines; blank lines and {@code #} comments are skipped. */
    public static Sanctions loadSanctions(Path file) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> ibans = new TreeSet<>();
        TreeSet<String> users = new TreeSet<>();
        TreeSet<String> wallets = new TreeSet<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            String kind = colon < 0 ? "" : line.substring(0, colon).strip();
            if (value.isEmpty()) {
                throw new Invalid(file + ":" + (i + 1) + ": expected '<kind>: <value>'");
            }
            switch (kind) {
                case "name" -> names.add(value);
                case "iban" -> ibans.add(value);
                case "user" -> users.add(value);
                case "wallet" -> wallets.add(value);
                default -> throw new Invalid(file + ":" + (i + 1) + ": unknown kind '" + kind + "' (name, iban, user, wallet)");
            }
        }
        return new Sanctions(names, ibans, users, wallets);
    }

    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    static Currency currency(String code, Path file, String key) {
        Currency c = Currency.ofCode(code);
        if (c == null) {
            throw new Invalid(file + ": " + key + ": '" + code + "' is not an ISO 4217 currency");
        }
        return c;
    }

    private static long amount(String value, Currency c, Path file, String key, boolean zeroAllowed) {
        String v = value.strip();
        if (zeroAllowed && v.matches("0+(\\.0+)?")) {
            return 0;
        }
        Amounts.Parsed parsed = Amounts.parse(v, c.scale());
        if (parsed.problem() != Amounts.Problem.NONE) {
            throw new Invalid(file + ": " + key + ": '" + value + "' is not an amount of " + c + " (" + parsed.problem() + ")");
        }
        return parsed.minorUnits();
    }

    private static String required(Properties p, Path file, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new Invalid(file + ": missing " + key);
        }
        return v.strip();
    }

    private static int integer(Properties p, Path file, String key) {
        try {
            return Integer.parseInt(required(p, file, key));
        } catch (NumberFormatException e) {
            throw new Invalid(file + ": " + key + " must be a whole number");
        }
    }
}
