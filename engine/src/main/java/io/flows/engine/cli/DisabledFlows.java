package io.flows.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The file beside exported flows that names the disabled ones, so that an import creates them disabled: a
 * flow's file is its text as saved, which has no place for its state. Without it a scheduled flow disabled at the
 * source would start firing at its destination as soon as it was imported.
 */
final class DisabledFlows {

    static final String FILE = "disabled-flows.txt";
    private static final String HEADER = """
            # Flows that were disabled when this folder was exported: `flows import` creates them disabled.
            # A flow that already exists keeps its state. One flow id per line.
            """;

    private DisabledFlows() {
    }

    /** Writes the list, or removes an earlier one when no flow is disabled. */
    static void write(Path dir, List<String> disabled) throws IOException {
        Path file = dir.resolve(FILE);
        if (disabled.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Files.writeString(file, HEADER + String.join("\n", disabled) + "\n");
    }

    /** The ids listed in {@code dir}, none without the file. */
    static Set<String> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Set.of();
        }
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    }
}
