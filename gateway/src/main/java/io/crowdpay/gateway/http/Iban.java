package io.crowdpay.gateway.http;

import java.util.Locale;

/** IBAN shape and ISO 13616 mod-97 checksum, so a typo fails at request time, not at the bank. */
final class Iban {

    private Iban() {
    }

    static String normalise(String iban) {
        return iban.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    static boolean isValid(String iban) {
        String s = normalise(iban);
        if (s.length() < 15 || s.length() > 34 || !s.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]+")) {
            return false;
        }
        String rearranged = s.substring(4) + s.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int digit = Character.digit(rearranged.charAt(i), 36);
            remainder = digit > 9 ? (remainder * 100 + digit) % 97 : (remainder * 10 + digit) % 97;
        }
        return remainder == 1;
    }
}
