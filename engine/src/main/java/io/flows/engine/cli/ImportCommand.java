package io.flows.engine.cli;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code flows import DIR}: creates each flow file's flow, or saves it as a new version when it changed. */
@Command(name = "import", description = "Read every .yaml, .yml and .json flow in DIR and save it (new flow, or a new "
        + "version when the text changed), through the API of a running service, or directly into the database of a stopped one.")
final class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Folder of flow files.")
    Path dir;

    @Mixin
    Access access;

    @Override
    public Integer call() {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        } catch (IOException e) {
            System.err.println(dir + ": cannot read: " + e.getMessage());
            return Main.USAGE;
        }
        int failed = 0;
        try (FlowsAccess flows = access.open()) {
            for (Path f : files) {
                try {
                    byte[] bytes = Files.readAllBytes(f);
                    Format format = Format.fromFileName(f.toString());
                    FlowDsl.Result r = new FlowDsl().read(bytes, format);
                    if (!r.valid()) {
                        failed++;
                        r.problems().forEach(p -> System.err.println(ValidateCommand.format(f, p)));
                        continue;
                    }
                    String what = flows.save(new FlowsAccess.FlowText(r.flow().id(),
                            new String(bytes, StandardCharsets.UTF_8), format == Format.YAML));
                    System.out.println(f.getFileName() + ": " + r.flow().id() + " " + what);
                } catch (IOException e) {
                    failed++;
                    System.err.println(f + ": " + e.getMessage());
                }
            }
            System.out.println("imported " + (files.size() - failed) + " of " + files.size() + " files into " + flows.where());
        } catch (RuntimeException e) {
            System.err.println("import failed: " + e.getMessage());
            return Main.RUN_FAILED;
        }
        return failed == 0 ? Main.OK : Main.USAGE;
    }
}
