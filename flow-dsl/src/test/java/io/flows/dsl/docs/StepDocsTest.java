package io.flows.dsl.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.kinds.StepKinds;
import io.flows.dsl.model.Kind;
import io.flows.dsl.schema.FlowSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StepDocsTest {

    private static final String REGENERATE =
            "mvn -q -pl flow-dsl test -Dtest=StepDocsTest -Dflows.docs.write=true";

    @Test
    void everyKindPageShowsItsDeclaration() {
        for (String name : StepKinds.names()) {
            Kind kind = StepKinds.kindOf(StepKinds.byName(name).orElseThrow());
            String page = StepDocs.page(name);
            assertThat(page).as(name).contains("# " + kind.title() + " (`" + name + "`)", "**" + kind.category() + "**",
                    "[samples/kinds/" + name + ".yaml](../../samples/kinds/" + name + ".yaml)",
                    "## Fields", "## Common fields");
            String[] parts = StepDocs.splitOutput(kind.description());
            assertThat(page).as(name).contains(Markdown.text(parts[0]));
        }
    }

    @Test
    void everySchemaPropertyHasARowAndRequiredOnesAreMarked() {
        for (String name : StepKinds.names()) {
            String page = StepDocs.page(name);
            List<String[]> fields = new ArrayList<>();
            walk(FlowSchemas.get().kind(name), "", fields);
            assertThat(fields).as(name).isNotEmpty();
            for (String[] f : fields) {
                String row = page.lines().filter(l -> l.startsWith("| `" + f[0] + "` |")).findFirst()
                        .orElseThrow(() -> new AssertionError(name + ": no row for field " + f[0]));
                String requiredCell = row.split(" \\| ")[2].strip();
                assertThat(requiredCell).as(name + " " + f[0] + " required").isEqualTo(f[1].equals("yes") ? "yes" : "");
            }
        }
    }

    @Test
    void nestedStepSlotsAndOutputsAreDescribed() {
        assertThat(StepDocs.page("choice")).contains("## Nested steps", "- `when[].steps` (a list of steps)",
                "- `otherwise` (a list of steps)", "## Output");
        assertThat(StepDocs.page("parallel")).contains("- `branches` (a map from a branch name to a list of steps)");
        assertThat(StepDocs.page("try")).contains("- `catch` (a list of steps)");
        assertThat(StepDocs.page("delay")).contains("## Output\n\nThe payload passes through unchanged.");
        assertThat(StepDocs.page("transform")).doesNotContain("## Nested steps");
    }

    @Test
    void typesShowDurationsExpressionsCodeAndConstraints() {
        assertThat(StepDocs.page("delay")).contains("| `duration` | duration |");
        assertThat(StepDocs.page("transform")).contains("| `script` | string (JavaScript) |");
        assertThat(StepDocs.page("foreach")).contains("| `items` | expression | yes |", "| `parallelism` | integer |  | `1` | 1 to 64 |");
        assertThat(StepDocs.page("error-injection")).contains("one of `fail`, `latency`, `timeout`, `respond`");
        assertThat(StepDocs.page("transform")).contains("steps.&lt;id&gt;");
    }

    @Test
    void theIndexGroupsEveryKindByCategory() {
        String index = StepDocs.index();
        for (String name : StepKinds.names()) {
            assertThat(index).contains("](" + name + ".md)");
        }
        assertThat(index.indexOf("## Logic")).isLessThan(index.indexOf("## Integration"));
        assertThat(index.indexOf("## Control")).isLessThan(index.indexOf("## Testing"));
    }

    /**
     * The committed pages must be what the declarations produce now. Run with
     * {@code -Dflows.docs.write=true} to rewrite them.
     */
    @Test
    void committedPagesMatchTheDeclarations() throws IOException {
        Path dir = docsDir();
        Map<String, String> expected = StepDocs.files();
        if (Boolean.getBoolean("flows.docs.write")) {
            StepDocs.write(dir);
            deleteStale(dir, expected.keySet());
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.exists(file)) {
                problems.add(file + " is missing");
            } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue())) {
                problems.add(file + " differs from what the declarations produce");
            }
        }
        for (String stale : markdownIn(dir)) {
            if (!expected.containsKey(stale)) {
                problems.add(dir.resolve(stale) + " documents no step kind");
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\nThe step reference is generated from the kinds' declarations."
                    + " Regenerate it with:\n  " + REGENERATE + "\nand commit docs/steps/.");
        }
    }

    private static void walk(JsonNode schema, String prefix, List<String[]> out) {
        JsonNode props = schema.path("properties");
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        props.fieldNames().forEachRemaining(name -> {
            JsonNode f = props.get(name);
            out.add(new String[] {prefix + name, required.contains(name) ? "yes" : "no"});
            if (f.has("properties") && !f.has(FlowSchemas.X_STEPS)) {
                walk(f, prefix + name + ".", out);
            } else if (f.path("items").has("properties")) {
                walk(f.get("items"), prefix + name + "[].", out);
            }
        });
    }

    private static Path docsDir() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return module.resolve("../docs/steps").toAbsolutePath().normalize();
    }

    private static List<String> markdownIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().toList();
        }
    }

    private static void deleteStale(Path dir, Set<String> keep) throws IOException {
        for (String name : markdownIn(dir)) {
            if (!keep.contains(name)) {
                Files.delete(dir.resolve(name));
            }
        }
    }
}
