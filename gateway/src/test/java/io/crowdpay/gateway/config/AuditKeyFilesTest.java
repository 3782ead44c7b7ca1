package io.crowdpay.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.audit.AuditKeys;
import io.crowdpay.replicator.audit.AuditSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void givenNoKeys_whenEnsured_thenAnEd25519PairIsWrittenAndSigns() throws IOException {
        Path keys = dir.resolve("keys");
        AuditKeyFiles.ensure(keys);

        KeyPair pair = AuditKeyFiles.load(keys);
        assertThat(new AuditSigner(pair).keyId()).isEqualTo(AuditKeys.keyId(AuditKeyFiles.loadPublic(keys)));
        assertThat(Files.readString(AuditKeyFiles.privateKeyPath(keys))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(AuditKeyFiles.publicKeyPath(keys))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(AuditKeyFiles.privateKeyPath(keys))))
                .isEqualTo("rw-------");
    }

    @Test
    void givenKeys_whenEnsuredAgain_thenTheSamePairIsKept() throws IOException {
        AuditKeyFiles.ensure(dir);
        String before = AuditKeys.keyId(AuditKeyFiles.loadPublic(dir));

        AuditKeyFiles.ensure(dir);

        assertThat(AuditKeys.keyId(AuditKeyFiles.load(dir).getPublic())).isEqualTo(before);
    }

    @Test
    void givenHalfAPair_whenEnsured_thenRefusedRatherThanReplaced() throws IOException {
        AuditKeyFiles.ensure(dir);
        Files.delete(AuditKeyFiles.privateKeyPath(dir));

        assertThatThrownBy(() -> AuditKeyFiles.ensure(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("half an audit key pair").hasMessageContaining("audit-signing-key.pem");
        assertThat(Files.exists(AuditKeyFiles.privateKeyPath(dir))).isFalse();
    }

    @Test
    void givenNoKeys_whenLoaded_thenAClearError() {
        assertThatThrownBy(() -> AuditKeyFiles.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("no audit signing key");
    }
}
