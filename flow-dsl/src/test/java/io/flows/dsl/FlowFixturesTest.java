package io.flows.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.dsl.parse.Format;
import io.flows.dsl.validate.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fixture files: {@code valid/*} must validate, {@code invalid/<CODE>-<case>.*} must report CODE with a location. */
class FlowFixturesTest {

    private final FlowDsl dsl = new FlowDsl();

    static Stream<Path> valid() throws Exception {
        return list("valid");
    }

    static Stream<Path> invalid() throws Exception {
        return list("invalid");
    }

    private static Stream<Path> list(String dir) throws IOException, URISyntaxException {
        Path root = Path.of(FlowFixturesTest.class.getResource("/" + dir).toURI());
        try (Stream<Path> files = Files.list(root)) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validFixturesValidate(Path file) throws IOException {
        FlowDsl.Result r = dsl.read(Files.readAllBytes(file), Format.fromFileName(file.toString()));
        assertThat(r.problems()).isEmpty();
        assertThat(r.flow()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidFixturesReportTheirCodeWithALocation(Path file) throws IOException {
        String name = file.getFileName().toString();
        String code = name.substring(0, name.indexOf('-'));
        long started = System.nanoTime();
        FlowDsl.Result r = dsl.read(Files.readAllBytes(file), Format.fromFileName(name));
        assertThat(r.flow()).isNull();
        assertThat(r.problems()).extracting(Problem::code).contains(code);
        Problem p = r.problems().stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow();
        if (!code.equals("TOO_MANY_ALIASES")) {
            assertThat(p.line()).as("line of %s", p).isNotNull().isPositive();
            assertThat(p.column()).as("column of %s", p).isNotNull().isPositive();
        }
        assertThat(p.message()).isNotBlank();
    }
}
