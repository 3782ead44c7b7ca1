package io.crowdpay.gateway.http;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One in-process service per test class, on its own data directory, started before the class and
 * closed after it. Test classes run one after another, so the static field is never shared.
 */
abstract class SharedServiceTest {

    @TempDir
    static Path dir;
    static TestService svc;

    @BeforeAll
    static void start() throws Exception {
        svc = TestService.start(dir);
    }

    @AfterAll
    static void stop() {
        if (svc != null) {
            svc.close();
            svc = null;
        }
    }
}
