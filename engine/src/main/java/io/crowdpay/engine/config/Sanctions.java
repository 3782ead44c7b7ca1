package io.crowdpay.engine.config;

import java.text.Normalizer;
import java.util.Collections;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A sanctions list: names, IBANs, and ids of users and wallets. Entries are normalised on the way in
 * and screened values on the way out the same way (upper case, accents and punctuation dropped,
 * spaces collapsed), so "José  Smith-Jones" matches "JOSE SMITH JONES". Matching is exact after
 * normalisation; fuzzy name matching is the AML service's job, not this list's.
 */
public record Sanctions(SortedSet<String> names, SortedSet<String> ibans, SortedSet<String> userIds,
                        SortedSet<String> walletIds) {

    public static final Sanctions NONE = new Sanctions(new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>());

    public Sanctions {
        names = normalised(names, Sanctions::normaliseName);
        ibans = normalised(ibans, Sanctions::normaliseIban);
        userIds = Collections.unmodifiableSortedSet(new TreeSet<>(userIds));
        walletIds = Collections.unmodifiableSortedSet(new TreeSet<>(walletIds));
    }

    public boolean listsName(String name) {
        return name != null && names.contains(normaliseName(name));
    }

    public boolean listsIban(String iban) {
        return iban != null && ibans.contains(normaliseIban(iban));
    }

    public boolean listsUser(String userId) {
        return userIds.contains(userId);
    }

    public boolean listsWallet(String walletId) {
        return walletIds.contains(walletId);
    }

    public static String normaliseName(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return decomposed.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }

    public static String normaliseIban(String iban) {
        return iban.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    private static SortedSet<String> normalised(SortedSet<String> in, java.util.function.UnaryOperator<String> f) {
        TreeSet<String> out = new TreeSet<>();
        in.forEach(s -> out.add(f.apply(s)));
        return Collections.unmodifiableSortedSet(out);
    }
}
