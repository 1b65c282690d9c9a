package io.flows.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code flows export DIR}: every flow's latest version as a file, for review in git. */
@Command(name = "export", description = "Write every flow to DIR as <id>.yaml (with --database, flows saved as JSON are written as <id>.json), "
        + "and the disabled ones' ids to DIR/" + DisabledFlows.FILE + ", "
        + "through the API of a running service, or directly from the database of a stopped one.")
final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Folder to write to (created if missing).")
    Path dir;

    @Mixin
    Access access;

    @Override
    public Integer call() {
        try (FlowsAccess flows = access.open(true)) {
            Files.createDirectories(dir);
            int n = 0;
            List<String> disabled = new ArrayList<>();
            for (FlowsAccess.FlowText f : flows.all()) {
                Path file = dir.resolve(f.id() + (f.yaml() ? ".yaml" : ".json"));
                Files.writeString(file, f.text());
                n++;
                if (!f.enabled()) {
                    disabled.add(f.id());
                }
            }
            DisabledFlows.write(dir, disabled);
            System.out.println("exported " + n + " flows from " + flows.where() + " to " + dir
                    + (disabled.isEmpty() ? "" : " (" + disabled.size() + " disabled, listed in " + DisabledFlows.FILE + ")"));
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            System.err.println("export failed: " + e.getMessage());
            return Main.RUN_FAILED;
        }
    }
}
