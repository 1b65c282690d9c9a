package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The REST contract on the default database: an H2 file under {@code flows.data-dir}, here a temporary folder. */
class H2ApiTest extends AbstractApiTest {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Test
    void keepsTheDatabaseUnderTheDataDirectory() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(database().name()))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("flows.mv.db");
        }
    }
}
