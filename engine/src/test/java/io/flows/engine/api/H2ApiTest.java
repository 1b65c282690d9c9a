package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The REST contract on the default database: an H2 file under {@code flows.data-dir}, here a temporary folder. */
class H2ApiTest extends AbstractApiTest {

    private final List<Path> dirs = new ArrayList<>();

    @Override
    protected Map<String, Object> newDatabase() throws IOException {
        Path dir = Files.createTempDirectory("flows-api-h2-");
        dirs.add(dir);
        return Map.of("flows.data-dir", dir.toString());
    }

    @Override
    protected void dropDatabases() throws IOException {
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void keepsTheDatabaseUnderTheDataDirectory() throws IOException {
        try (Stream<Path> files = Files.list(dirs.get(0))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("flows.mv.db");
        }
    }
}
