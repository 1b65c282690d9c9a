package io.flows.engine.cli;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import io.flows.engine.runtime.FlowCatalog;
import io.flows.engine.runtime.FlowLoader;
import io.flows.engine.runtime.FlowVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The flows of one folder, for {@code flows run}: a {@code call-flow} step finds its sub-flow
 * among the {@code .yaml}, {@code .yml} and {@code .json} files next to the flow being run.
 */
final class DirectoryCatalog implements FlowCatalog {

    private final Path dir;
    private volatile FlowLoader loader;
    private final Map<String, FlowVersion> known = new ConcurrentHashMap<>();
    private volatile boolean scanned;

    DirectoryCatalog(Path dir) {
        this.dir = dir;
    }

    /** Set once the engine (and so its script engine, which the checks need) exists. */
    void useLoader(FlowLoader loader) {
        this.loader = loader;
    }

    void add(FlowVersion v) {
        known.put(v.flowId(), v);
    }

    @Override
    public Optional<FlowVersion> latest(String flowId) {
        FlowVersion v = known.get(flowId);
        if (v == null && !scanned && loader != null) {
            scan();
            v = known.get(flowId);
        }
        return Optional.ofNullable(v);
    }

    private synchronized void scan() {
        if (scanned) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> Format.isFlowFile(f.getFileName().toString())).forEach(f -> {
                try {
                    FlowDsl.Result r = loader.read(Files.readAllBytes(f), Format.fromFileName(f.toString()));
                    if (r.valid()) {
                        known.putIfAbsent(r.flow().id(), FlowLoader.version(r, 1));
                    }
                } catch (IOException ignored) {
                    // an unreadable neighbour is not the flow being looked for
                }
            });
        } catch (IOException ignored) {
            // no neighbours: only the flow being run is known
        }
        scanned = true;
    }
}
