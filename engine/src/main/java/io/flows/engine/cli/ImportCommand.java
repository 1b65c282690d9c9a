package io.flows.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code flows import DIR}: creates each flow file's flow, or saves it as a new version when it changed. */
@Command(name = "import", description = "Read every .yaml, .yml and .json flow in DIR and save it (new flow, or a new "
        + "version when the text changed; a new flow listed in DIR/" + DisabledFlows.FILE + " is created disabled), through the API of a running service, or directly into the database of a stopped one.")
final class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Folder of flow files.")
    Path dir;

    @Mixin
    Access access;

    /** A file that names a flow: valid, or with problems already printed (it still counts for duplicate ids). */
    private record FlowFile(Path path, String id, String text, boolean yaml, boolean valid) {
    }

    @Override
    public Integer call() {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> Format.isFlowFile(f.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            System.err.println(dir + ": cannot read: " + e.getMessage());
            return Main.USAGE;
        }
        List<FlowFile> named = new ArrayList<>();
        for (Path f : files) {
            FlowFile read = read(f);
            if (read != null) {
                named.add(read);
            }
        }
        // each file would save over the other, a new version on every import: refuse before saving any (an invalid
        // file counts too: fixed, it would do the same)
        List<String> conflicts = sharedIds(named);
        if (!conflicts.isEmpty()) {
            conflicts.forEach(System.err::println);
            System.err.println("nothing imported: each flow must come from one file (change the id in, or remove, "
                    + "the others)");
            return Main.USAGE;
        }
        List<FlowFile> valid = named.stream().filter(FlowFile::valid).toList();
        int failed = files.size() - valid.size();
        Set<String> disabled;
        try {
            disabled = DisabledFlows.read(dir);
        } catch (IOException e) {
            System.err.println(dir.resolve(DisabledFlows.FILE) + ": cannot read: " + e.getMessage());
            return Main.USAGE;
        }
        try (FlowsAccess flows = access.open()) {
            for (FlowFile f : valid) {
                try {
                    String what = flows.save(new FlowsAccess.FlowText(f.id(), f.text(), f.yaml(), !disabled.contains(f.id())));
                    System.out.println(f.path().getFileName() + ": " + f.id() + " " + what);
                } catch (IOException e) {
                    failed++;
                    System.err.println(f.path() + ": " + e.getMessage());
                }
            }
            System.out.println("imported " + (files.size() - failed) + " of " + files.size() + " files into " + flows.where());
        } catch (RuntimeException e) {
            System.err.println("import failed: " + e.getMessage());
            return Main.RUN_FAILED;
        }
        return failed == 0 ? Main.OK : Main.USAGE;
    }

    /**
     * The file and the flow it names (after printing its problems if it is not valid), or null when it names none
     * (unreadable, or no id to be found).
     */
    private static FlowFile read(Path f) {
        try {
            byte[] bytes = Files.readAllBytes(f);
            Format format = Format.fromFileName(f.toString());
            FlowDsl.Result r = new FlowDsl().read(bytes, format);
            // a byte order mark (editors on Windows write one) is not part of the flow: the service stores the text
            // without it, and compared with it every import of an unchanged file would save a new version
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (!r.valid()) {
                r.problems().forEach(p -> System.err.println(ValidateCommand.format(f, p)));
                JsonNode id = r.document() == null ? null : r.document().root().path("id");
                return id != null && id.isTextual() ? new FlowFile(f, id.textValue(), text, format == Format.YAML, false)
                        : null;
            }
            return new FlowFile(f, r.flow().id(), text, format == Format.YAML, true);
        } catch (IOException e) {
            System.err.println(f + ": " + e.getMessage());
            return null;
        }
    }

    /** One line for each flow id that more than one file declares, naming the files. */
    private static List<String> sharedIds(List<FlowFile> files) {
        Map<String, List<FlowFile>> byId = files.stream()
                .collect(Collectors.groupingBy(FlowFile::id, LinkedHashMap::new, Collectors.toList()));
        return byId.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(e -> "flow id '" + e.getKey() + "' is declared in " + e.getValue().size() + " files: "
                        + e.getValue().stream().map(f -> f.path().toString()).collect(Collectors.joining(", ")))
                .toList();
    }
}
