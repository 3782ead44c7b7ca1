package io.crowdpay.gateway.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as proven by a verified token: {@code subject} is the token's {@code sub} (the acting
 * user) and {@code scopes} its space-separated {@code scope} claim. Immutable.
 */
public record Principal(String subject, Set<String> scopes) {

    public static final String WRITE = "transactions:write", READ = "transactions:read", ADMIN = "admin";

    public Principal {
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    }

    /** True if exactly this scope was granted (no implication: {@code admin} does not imply the others). */
    public boolean has(String scope) {
        return scope != null && scopes.contains(scope);
    }

    public boolean isAdmin() {
        return has(ADMIN);
    }
}
