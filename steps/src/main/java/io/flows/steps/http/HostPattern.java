package io.flows.steps.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** One entry of an operator allow or deny list: a host name, {@code *.domain}, an address or a CIDR range. */
record HostPattern(String text, String name, byte[] network, int prefixLength) {

    private static final Pattern NAME = Pattern.compile("(\\*\\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*");

    static HostPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Host pattern must not be empty");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (ADDRESS.matcher(address).matches()) {
            byte[] bytes = literal(address, text);
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("Host pattern '" + text + "' has an invalid prefix length");
                }
            }
            return new HostPattern(text, null, bytes, prefix);
        }
        if (slash >= 0 || !NAME.matcher(t).matches()) {
            throw new IllegalArgumentException("Host pattern '" + text
                    + "' is neither a host name, '*.domain', an address nor a CIDR range");
        }
        return new HostPattern(text, t.endsWith(".") ? t.substring(0, t.length() - 1) : t, null, 0);
    }

    boolean isName() {
        return name != null;
    }

    /** Whether the (lower-case, normalised) host name matches this name pattern. */
    boolean matchesName(String host) {
        if (name == null) {
            return false;
        }
        if (name.startsWith("*.")) {
            return host.endsWith(name.substring(1));
        }
        return host.equals(name);
    }

    boolean matchesAddress(InetAddress address) {
        if (network == null) {
            return false;
        }
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            byte[] embedded = AddressPolicy.embeddedIpv4(a);
            if (embedded == null || network.length != 4) {
                return false;
            }
            a = embedded;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    private static byte[] literal(String address, String text) {
        if (!address.contains(":") && !HostNames.isDottedQuad(address)) {
            throw new IllegalArgumentException("Host pattern '" + text + "' is not a valid address");
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Host pattern '" + text + "' is not a valid address", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
