package io.crowdpay.engine;

import java.util.regex.Pattern;

/** The one rule for client-chosen ids (users, pods, wallets), shared by every typed id record. */
public final class Ids {

    /** Client-chosen ids: {@code ^[A-Za-z0-9_-]{1,64}$}, as API.md fixes. */
    public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    /**
     * Whether the id matches {@link #CLIENT_ID}. Written as a loop because the gateway checks several
     * ids per request on its event loops, and a regex matcher is an allocation each time; the test
     * holds the two to the same answers.
     */
    public static boolean isValidClientId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Checks a service- or client-made id (1..128 characters) and returns it. */
    public static String checked(String value, String what) {
        if (value == null || value.isEmpty() || value.length() > 128) {
            throw new IllegalArgumentException(what + " must be 1..128 characters");
        }
        return value;
    }
}
