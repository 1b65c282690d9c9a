package io.flows.steps.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The only way the HTTP client learns where to connect: resolves a host once, checks every
 * address against the {@link HostPolicy}, and hands back exactly the checked addresses. A denied
 * host fails with {@link DeniedHostException}, so the client never opens a socket to it.
 *
 * <p>Checked answers are kept for a short time so that the connector can resolve a host on its own
 * threads before a call and the client's connect path then finds the answer without blocking an
 * I/O thread. Only checked addresses are ever cached; denials are not.
 */
final class GuardedDnsResolver implements DnsResolver {

    private static final long TTL_NANOS = 30_000_000_000L;
    private static final int MAX_ENTRIES = 10_000;

    private final HostPolicy policy;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(InetAddress[] addresses, long expiresAt) {
    }

    GuardedDnsResolver(HostPolicy policy) {
        this.policy = policy;
    }

    /** Whether {@link #resolve(String)} would answer from its cache, without a lookup. */
    boolean isResolved(String host) {
        String h = HostNames.normalize(host);
        Entry entry = cache.get(h);
        return entry != null && entry.expiresAt - System.nanoTime() > 0;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String h = HostNames.normalize(host);
        Entry entry = cache.get(h);
        long now = System.nanoTime();
        if (entry != null && entry.expiresAt - now > 0) {
            return entry.addresses.clone();
        }
        policy.checkName(h);
        InetAddress literal = HostNames.literal(h);
        if (literal == null && !HostNames.isValidName(h)) {
            throw new UnknownHostException("Host '" + h + "' is not a valid host name");
        }
        InetAddress[] addresses = literal != null ? new InetAddress[] {literal} : InetAddress.getAllByName(h);
        if (addresses.length == 0) {
            throw new UnknownHostException("Host '" + h + "' does not resolve");
        }
        policy.checkAddresses(h, addresses);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(h, new Entry(addresses.clone(), now + TTL_NANOS));
        return addresses;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        InetAddress[] addresses = resolve(host);
        List<InetSocketAddress> result = new ArrayList<>(addresses.length);
        for (InetAddress address : addresses) {
            result.add(new InetSocketAddress(address, port));
        }
        return result;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return HostNames.normalize(host);
    }
}
