package io.flows.engine.connections;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Settings of named connections ({@code flows.connections.*}, {@code FLOWS_CONNECTIONS_*}). */
@ConfigurationProperties("flows.connections")
public class ConnectionsConfig {

    private Duration refresh = Duration.ofSeconds(5);

    /**
     * How old this node's copy of the profiles may get before it is read again: a change made on
     * another node sharing the database applies here within about this time (at once on the node
     * that made it).
     */
    public Duration getRefresh() { return refresh; }
    public void setRefresh(Duration refresh) { this.refresh = refresh; }
}
