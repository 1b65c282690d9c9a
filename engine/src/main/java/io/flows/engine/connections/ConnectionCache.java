package io.flows.engine.connections;

import io.flows.engine.FlowsConfig;
import io.flows.engine.runtime.Jsons;
import io.flows.steps.runtime.ConnectionProfile;
import io.flows.steps.runtime.ConnectionSource;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's connections as step runs see them: the profiles of its environment, read from the
 * database into memory so a call never waits for it. A change made through this node applies at once
 * ({@link #reload}); one made on another node sharing the database once this copy is older than
 * {@code flows.connections.refresh}, when it is read again in the background (calls meanwhile use the
 * copy they have).
 */
@Singleton
public class ConnectionCache implements ConnectionSource {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCache.class);

    /** {@code generation} orders reads: a slow background read never replaces a newer one. */
    private record Snapshot(Map<String, ConnectionProfile> profiles, Instant readAt, long generation) {
    }

    private final ConnectionRepository repository;
    private final String environment;
    private final Duration refresh;
    private final Clock clock;
    private final ExecutorService background;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong generations = new AtomicLong();
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    public ConnectionCache(ConnectionRepository repository, FlowsConfig flows, ConnectionsConfig config, Clock clock,
                           @Named(TaskExecutors.IO) ExecutorService background) {
        this.repository = repository;
        this.environment = flows.getEnvironment();
        this.refresh = config.getRefresh();
        this.clock = clock;
        this.background = background;
    }

    @Override
    public String environment() {
        return environment;
    }

    @Override
    public Optional<ConnectionProfile> find(String name) {
        Snapshot s = snapshot.get();
        if (s == null) {
            reload();
            s = snapshot.get();
        }
        boolean stale = !clock.instant().isBefore(s.readAt().plus(refresh));
        ConnectionProfile profile = s.profiles().get(name);
        if (profile == null && stale) {
            // a miss fails the step: worth one read now, in case the profile was just made on another node
            reload();
            return Optional.ofNullable(snapshot.get().profiles().get(name));
        }
        if (stale && refreshing.compareAndSet(false, true)) {
            background.execute(() -> {
                try {
                    reload();
                } catch (RuntimeException e) {
                    LOG.warn("Could not re-read the connections of environment '{}'; using the copy read at {}",
                            environment, snapshot.get().readAt(), e);
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return Optional.ofNullable(profile);
    }

    /** Reads this environment's profiles again; called after every change made through this node. */
    void reload() {
        long generation = generations.incrementAndGet();
        Map<String, ConnectionProfile> profiles = new HashMap<>();
        for (ConnectionRow row : repository.findByEnvironment(environment)) {
            try {
                profiles.put(row.name(), ProfileJson.toRuntime(row.name(), row.environment(), Jsons.read(row.profileJson())));
            } catch (RuntimeException e) {
                LOG.warn("Connection '{}' ({}) is stored in a form this node cannot read; it is left out", row.name(),
                        environment, e);
            }
        }
        Snapshot read = new Snapshot(Map.copyOf(profiles), clock.instant(), generation);
        snapshot.accumulateAndGet(read, (old, next) -> old == null || next.generation() > old.generation() ? next : old);
    }
}
