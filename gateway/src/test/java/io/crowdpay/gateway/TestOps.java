package io.crowdpay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The repository's ops/ rules for tests, and copies of them with some keys changed. */
public final class TestOps {

    private TestOps() {
    }

    /** The repository's ops/ directory, found by walking up from the working directory (the module). */
    public static Path repoOps() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("ops/engine.properties"))) {
                return p.resolve("ops");
            }
        }
        throw new IllegalStateException("ops/engine.properties not found above " + Path.of("").toAbsolutePath());
    }

    /** A copy of ops/ in target with the given engine.properties keys replaced (each key must exist). */
    public static Path opsWith(Path target, Map<String, String> overrides) throws IOException {
        Files.createDirectories(target);
        for (String file : List.of("engine.properties", "sanctions.txt", "fx-rates.properties")) {
            Files.copy(repoOps().resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> lines = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String line : Files.readAllLines(target.resolve("engine.properties"))) {
            String key = line.contains("=") && !line.startsWith("#") ? line.substring(0, line.indexOf('=')).strip() : "";
            if (overrides.containsKey(key)) {
                seen.add(key);
                lines.add(key + "=" + overrides.get(key));
            } else {
                lines.add(line);
            }
        }
        assertThat(seen).as("ops overrides name existing keys").containsExactlyInAnyOrderElementsOf(overrides.keySet());
        Files.write(target.resolve("engine.properties"), lines);
        return target;
    }
}
