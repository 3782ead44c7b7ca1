package io.crowdpay.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Test
    void scopesAreExactAndImmutable() {
        Set<String> scopes = new HashSet<>(Set.of(Principal.READ));
        Principal p = new Principal("u1", scopes);
        scopes.add(Principal.ADMIN);

        assertThat(p.has(Principal.READ)).isTrue();
        assertThat(p.has("transactions")).isFalse();
        assertThat(p.has(null)).isFalse();
        assertThat(p.isAdmin()).isFalse();
        assertThatThrownBy(() -> p.scopes().add(Principal.WRITE)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Principal("root", Set.of(Principal.ADMIN)).isAdmin()).isTrue();
    }

    @Test
    void authFailureCarriesReasonAndDetail() {
        AuthFailure f = new AuthFailure("expired_token", "token expired");
        assertThat(f.reason()).isEqualTo("expired_token");
        assertThat(f.getMessage()).isEqualTo("token expired");
        assertThat(f.getStackTrace()).isEmpty();
    }
}
