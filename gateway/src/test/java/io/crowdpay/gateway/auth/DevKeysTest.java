package io.crowdpay.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeysTest {

    @TempDir
    Path dir;

    @Test
    void pathsAreInTheKeysDirectory() {
        assertThat(DevKeys.jwksPath(dir)).isEqualTo(dir.resolve("jwks.json"));
        assertThat(DevKeys.signingKeyPath(dir)).isEqualTo(dir.resolve("dev-signing-key.jwk"));
    }

    @Test
    void createsAnEs256KeyAndItsPublicJwks() throws Exception {
        Path keys = dir.resolve("a/b/keys");

        DevKeys.ensure(keys);

        JWK signing = JWK.parse(Files.readString(DevKeys.signingKeyPath(keys)));
        assertThat(signing).isInstanceOf(ECKey.class);
        assertThat(signing.isPrivate()).isTrue();
        assertThat(((ECKey) signing).getCurve()).isEqualTo(Curve.P_256);
        assertThat(signing.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(signing.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(signing.getKeyID()).isEqualTo(signing.computeThumbprint().toString());

        String jwksText = Files.readString(DevKeys.jwksPath(keys));
        JWKSet jwks = JWKSet.parse(jwksText);
        assertThat(jwks.getKeys()).hasSize(1);
        JWK published = jwks.getKeys().get(0);
        assertThat(published.isPrivate()).isFalse();
        assertThat(jwksText).doesNotContain("\"d\"");
        assertThat(published).isEqualTo(signing.toPublicJWK());
        assertThat(dir.resolve("a/b/keys").toFile().list()).containsExactlyInAnyOrder("jwks.json", "dev-signing-key.jwk");
    }

    @Test
    void privateKeyIsOwnerOnly() throws Exception {
        DevKeys.ensure(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DevKeys.signingKeyPath(dir)))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DevKeys.jwksPath(dir)))).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void isIdempotent() throws Exception {
        DevKeys.ensure(dir);
        Path key = DevKeys.signingKeyPath(dir);
        Path jwks = DevKeys.jwksPath(dir);
        byte[] keyBytes = Files.readAllBytes(key);
        byte[] jwksBytes = Files.readAllBytes(jwks);
        FileTime past = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(key, past);
        Files.setLastModifiedTime(jwks, past);

        DevKeys.ensure(dir);
        DevKeys.ensure(dir);

        assertThat(Files.readAllBytes(key)).isEqualTo(keyBytes);
        assertThat(Files.readAllBytes(jwks)).isEqualTo(jwksBytes);
        assertThat(Files.getLastModifiedTime(key)).isEqualTo(past);
        assertThat(Files.getLastModifiedTime(jwks)).isEqualTo(past);
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("jwks.json", "dev-signing-key.jwk");
    }

    @Test
    void republishesTheExistingKeyWhenTheJwksIsGone() throws Exception {
        DevKeys.ensure(dir);
        byte[] keyBytes = Files.readAllBytes(DevKeys.signingKeyPath(dir));
        Files.delete(DevKeys.jwksPath(dir));

        DevKeys.ensure(dir);

        assertThat(Files.readAllBytes(DevKeys.signingKeyPath(dir))).isEqualTo(keyBytes);
        JWK signing = JWK.parse(new String(keyBytes, StandardCharsets.UTF_8));
        assertThat(JWKSet.parse(Files.readString(DevKeys.jwksPath(dir))).getKeys()).containsExactly(signing.toPublicJWK());
    }

    @Test
    void addsTheDevKeyToAnExistingJwksKeepingItsKeys() throws Exception {
        ECKey other = TestKeys.ec("someone-else");
        Files.writeString(DevKeys.jwksPath(dir), "{\"keys\":[" + other.toPublicJWK().toJSONString()
                + ",{\"kty\":\"future-kind\",\"kid\":\"x\"}]}");

        DevKeys.ensure(dir);
        DevKeys.ensure(dir);

        String text = Files.readString(DevKeys.jwksPath(dir));
        assertThat(text).contains("future-kind");
        JWK signing = JWK.parse(Files.readString(DevKeys.signingKeyPath(dir)));
        assertThat(JWKSet.parse(text).getKeys()).containsExactly(other.toPublicJWK(), signing.toPublicJWK());
    }

    @Test
    void neverOverwritesAnUnreadableKeyFile() throws Exception {
        Files.writeString(DevKeys.signingKeyPath(dir), "not a key");
        assertThatThrownBy(() -> DevKeys.ensure(dir)).isInstanceOf(IOException.class);
        assertThat(Files.readString(DevKeys.signingKeyPath(dir))).isEqualTo("not a key");
    }

    @Test
    void refusesAPublicOnlyKeyFile() throws Exception {
        Files.writeString(DevKeys.signingKeyPath(dir), TestKeys.ec("k").toPublicJWK().toJSONString());
        assertThatThrownBy(() -> DevKeys.ensure(dir)).isInstanceOf(IOException.class).hasMessageContaining("private");
    }

    @Test
    void refusesAJwksThatIsNotAKeySet() throws Exception {
        Files.writeString(DevKeys.jwksPath(dir), "[]");
        assertThatThrownBy(() -> DevKeys.ensure(dir)).isInstanceOf(IOException.class);
    }
}
