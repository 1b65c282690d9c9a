package io.flows.steps.http;

import java.time.Duration;
import java.util.List;

/**
 * Operator settings of the outbound HTTP client: which hosts flows may call, pool size and limits.
 *
 * <p>{@code allowHosts} and {@code denyHosts} hold host patterns: a name ({@code example.com}), a
 * wildcard for its sub-domains ({@code *.example.com}), an address or a CIDR range
 * ({@code 10.0.0.0/8}, {@code fd12::/16}). An empty allow list allows every host; deny wins over
 * allow. Link-local and cloud-metadata addresses are always denied. With
 * {@code allowPrivateNetworks=false}, loopback and private ranges are denied too, except addresses
 * that an address or CIDR entry of {@code allowHosts} names explicitly.
 */
public record HttpSettings(
        List<String> allowHosts,
        List<String> denyHosts,
        boolean allowPrivateNetworks,
        int maxConnections,
        long maxResponseBytes,
        int maxRedirects,
        Duration connectTimeout) {

    public HttpSettings {
        allowHosts = allowHosts == null ? List.of() : List.copyOf(allowHosts);
        denyHosts = denyHosts == null ? List.of() : List.copyOf(denyHosts);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be at least 1, was " + maxResponseBytes);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative, was " + maxRedirects);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        allowHosts.forEach(HostPattern::parse);
        denyHosts.forEach(HostPattern::parse);
    }

    /** All hosts but the always-denied ones, private networks allowed, 256 connections, 10 MB answers. */
    public static HttpSettings defaults() {
        return new HttpSettings(List.of(), List.of(), true, 256, 10L * 1024 * 1024, 5, Duration.ofSeconds(5));
    }
}
