package io.flows.steps.http;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a host may be called: first by its name (before any lookup), then by every
 * address it resolves to. Deny wins over allow; the always-denied addresses of
 * {@link AddressPolicy} cannot be allowed by any list.
 */
final class HostPolicy {

    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata.google.internal", "metadata", "metadata.goog", "instance-data", "instance-data.ec2.internal");

    private final List<HostPattern> allow;
    private final List<HostPattern> deny;
    private final boolean allowPrivateNetworks;

    HostPolicy(HttpSettings settings) {
        this.allow = settings.allowHosts().stream().map(HostPattern::parse).toList();
        this.deny = settings.denyHosts().stream().map(HostPattern::parse).toList();
        this.allowPrivateNetworks = settings.allowPrivateNetworks();
    }

    /** Checks a normalised host before it is looked up. */
    void checkName(String host) throws DeniedHostException {
        if (METADATA_NAMES.contains(host)) {
            throw new DeniedHostException("Host '" + host + "' is denied (cloud metadata host name)",
                    host, null, "cloud metadata host name");
        }
        if (HostNames.isNumericInDisguise(host)) {
            for (InetAddress reading : HostNames.numericReadings(host)) {
                String reason = addressDenial(reading);
                if (reason != null) {
                    throw new DeniedHostException("Host '" + host + "' is the address " + reading.getHostAddress()
                            + " in another spelling, which is denied (" + reason + ")",
                            host, reading.getHostAddress(), reason);
                }
            }
            throw new DeniedHostException("Host '" + host + "' is a numeric address in a non-standard spelling;"
                    + " write it as a dotted quad such as 10.0.0.1", host, null, "ambiguous numeric host");
        }
        for (HostPattern pattern : deny) {
            if (pattern.matchesName(host)) {
                throw new DeniedHostException("Host '" + host + "' is denied by the deny list (" + pattern + ")",
                        host, null, "deny list " + pattern);
            }
        }
    }

    /** Checks every address a host resolved to; one denied address refuses the host. */
    void checkAddresses(String host, InetAddress[] addresses) throws DeniedHostException {
        boolean allowedByName = allow.isEmpty() || allow.stream().anyMatch(p -> p.matchesName(host));
        for (InetAddress address : addresses) {
            String reason = addressDenial(address);
            if (reason == null && !allowedByName && allow.stream().noneMatch(p -> p.matchesAddress(address))) {
                reason = "not on the allow list";
            }
            if (reason != null) {
                String literal = address.getHostAddress();
                boolean isLiteral = HostNames.isDottedQuad(host) || HostNames.isIpv6Literal(host);
                String message = isLiteral
                        ? "Host '" + host + "' is denied (" + reason + ")"
                        : "Host '" + host + "' resolves to " + literal + ", which is denied (" + reason + ")";
                throw new DeniedHostException(message, host, literal, reason);
            }
        }
    }

    private String addressDenial(InetAddress address) {
        String reason = AddressPolicy.denialReason(address, true);
        if (reason != null) {
            return reason;
        }
        for (HostPattern pattern : deny) {
            if (pattern.matchesAddress(address)) {
                return "deny list " + pattern;
            }
        }
        String privateRange = AddressPolicy.privateRange(address.getAddress());
        if (privateRange != null && !allowPrivateNetworks
                && allow.stream().noneMatch(p -> p.matchesAddress(address))) {
            return privateRange + "; private networks are not allowed";
        }
        return null;
    }
}
