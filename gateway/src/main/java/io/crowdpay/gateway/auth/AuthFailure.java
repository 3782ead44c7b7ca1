package io.crowdpay.gateway.auth;

import java.util.Objects;

/**
 * An expected refusal of a request's credentials: answered as HTTP 401 with code T006. {@link #reason()}
 * is a stable lower_snake word for clients ({@code missing_token}, {@code malformed_token},
 * {@code unsupported_algorithm}, {@code invalid_signature}, {@code unknown_key}, {@code expired_token},
 * {@code token_not_yet_valid}, {@code wrong_issuer}, {@code wrong_audience}, {@code missing_subject});
 * {@link #getMessage()} is the human readable detail, which never repeats the token or values taken from it.
 *
 * <p>No stack trace is captured: refusals are routine (and can be provoked by anyone at high rate), not bugs.
 */
public final class AuthFailure extends Exception {

    private final String reason;

    public AuthFailure(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public String reason() {
        return reason;
    }

    /** The same as {@link #getMessage()}. */
    public String detail() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "AuthFailure[" + reason + ": " + getMessage() + "]";
    }
}
