package io.flows.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flows export DIR}: every flow's latest version as a file, for review in git. */
@Command(name = "export", description = "Write every flow to DIR as <id>.yaml (with --database, flows saved as JSON are written as <id>.json), "
        + "through the API of a running service, or directly from the database of a stopped one.")
final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Folder to write to (created if missing).")
    Path dir;

    @Option(names = "--url", description = "The service's address; default http://127.0.0.1:${MICRONAUT_SERVER_PORT:-8080}.")
    String url;

    @Option(names = "--database", description = "Work on the database (FLOWS_DATA_DIR or DATASOURCES_DEFAULT_URL) even if a service answers; "
            + "the service must be stopped.")
    boolean database;

    @Override
    public Integer call() {
        try (FlowsAccess access = Access.open(url, database)) {
            Files.createDirectories(dir);
            int n = 0;
            for (FlowsAccess.FlowText f : access.all()) {
                Path file = dir.resolve(f.id() + (f.yaml() ? ".yaml" : ".json"));
                Files.writeString(file, f.text());
                n++;
            }
            System.out.println("exported " + n + " flows from " + access.where() + " to " + dir);
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            System.err.println("export failed: " + e.getMessage());
            return Main.RUN_FAILED;
        }
    }
}
