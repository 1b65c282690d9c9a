package io.flows.engine.service;

import io.flows.dsl.parse.Format;
import io.flows.engine.FlowsConfig;
import io.flows.engine.auth.ServingGuard;
import io.flows.engine.hooks.WebhookService;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when the service starts: an empty database gets the bundled samples, and the
 * executions a previous process left behind are recovered. Also the retention job.
 */
@Singleton
public class Startup {

    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    private final FlowService flows;
    private final ExecutionService executions;
    private final FlowsConfig config;
    private final WebhookService webhooks;
    private final NodeWatch nodes;
    private final ServingGuard guard;
    private volatile boolean stopping;

    public Startup(FlowService flows, ExecutionService executions, FlowsConfig config, WebhookService webhooks,
                   NodeWatch nodes, ServingGuard guard) {
        this.flows = flows;
        this.executions = executions;
        this.config = config;
        this.webhooks = webhooks;
        this.nodes = nodes;
        this.guard = guard;
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        stopping = true;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (config.isRecover()) {
            guard.check(); // before any work: a start it refuses must not have run executions first
            nodes.start();
            // in the background: reading every stored flow must not delay the service's start
            Thread check = new Thread(this::warnOfFlowsReadOtherwise, "flows-stored-flows-check");
            check.setDaemon(true);
            check.start();
        }
    }

    /** Flows saved by an older Flows may mean something else now, or no longer validate: say which, and why. */
    private void warnOfFlowsReadOtherwise() {
        try {
            flows.readOtherwiseNow().forEach((flow, notes) -> notes.forEach(n -> LOG.warn("flow {}: {}", flow, n)));
        } catch (RuntimeException e) {
            if (stopping) {
                return; // the stop cut the check short (its script contexts were closed): nothing is wrong
            }
            LOG.warn("could not check the stored flows against this version of the flow language: {}", e.getMessage());
        }
    }

    /**
     * Samples load once the server is bound, because they call the built-in sandbox partner on this
     * very service and only then is its port known (a random port in tests, any
     * {@code MICRONAUT_SERVER_PORT} for users).
     */
    @EventListener
    void onServerStarted(ServerStartupEvent event) {
        if (config.isLoadSamples() && flows.isEmpty()) {
            String sandbox = SampleSources.sandboxBase(event.getSource());
            int loaded = loadSamples(sandbox);
            LOG.info("empty database: loaded {} sample flows (their partners: the sandbox at {})", loaded, sandbox);
        }
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    void pruneOldExecutions() {
        int hooks = webhooks.prune();
        if (hooks > 0) {
            LOG.info("retention: deleted {} webhook deliveries older than {}", hooks, config.getRetention());
        }
        int deleted = executions.prune();
        if (deleted > 0) {
            LOG.info("retention: deleted {} executions older than {}", deleted, config.getRetention());
        }
    }

    private int loadSamples(String sandbox) {
        URL root = Startup.class.getResource("/samples");
        if (root == null) {
            return 0;
        }
        try {
            URI uri = root.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return load(fs.getPath("/samples"), sandbox);
            }
            return load(Path.of(uri), sandbox);
        } catch (IOException | URISyntaxException e) {
            LOG.warn("could not load the samples: {}", e.getMessage());
            return 0;
        }
    }

    private int load(Path dir, String sandbox) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int loaded = 0;
        for (Path f : files) {
            try {
                flows.create(SampleSources.pointedAt(Files.readString(f), sandbox).getBytes(StandardCharsets.UTF_8), Format.YAML);
                loaded++;
            } catch (RuntimeException e) {
                LOG.warn("sample {} not loaded: {}", f.getFileName(), e.getMessage());
            }
        }
        return loaded;
    }
}
