package io.crowdpay.engine;

import java.util.regex.Pattern;

/** The one rule for client-chosen ids (users, pods, wallets), shared by every typed id record. */
public final class Ids {

    /** Client-chosen ids: {@code ^[A-Za-z0-9_-]{1,64}$}, as API.md fixes. */
    public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    public static boolean isValidClientId(String id) {
        return id != null && CLIENT_ID.matcher(id).matches();
    }

    /** Checks a service- or client-made id (1..128 characters) and returns it. */
    public static String checked(String value, String what) {
        if (value == null || value.isEmpty() || value.length() > 128) {
            throw new IllegalArgumentException(what + " must be 1..128 characters");
        }
        return value;
    }
}
