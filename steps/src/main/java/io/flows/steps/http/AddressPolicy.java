package io.flows.steps.http;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * Which IP addresses outbound calls may never reach, whatever the operator's lists say.
 *
 * <p>Always denied: unspecified ({@code 0.0.0.0/8}, {@code ::}), link-local ({@code 169.254.0.0/16},
 * {@code fe80::/10}) which holds the cloud metadata service, other cloud metadata addresses
 * ({@code fd00:ec2::254}, {@code 100.100.100.200}, {@code 192.0.0.192}), multicast, reserved and
 * broadcast. Private ranges (loopback, RFC 1918, carrier-grade NAT, {@code fc00::/7}, site-local)
 * are denied unless private networks are allowed. IPv6 spellings that embed an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4
 * {@code 2002::/16}) are judged by the IPv4 address they carry.
 */
public final class AddressPolicy {

    private static final byte[] AWS_METADATA_V6 = {
        (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
    };

    private AddressPolicy() {
    }

    /** Whether outbound calls must not connect to {@code address}. */
    public static boolean isDeniedAddress(InetAddress address, boolean allowPrivateNetworks) {
        return denialReason(address, allowPrivateNetworks) != null;
    }

    /**
     * Why a host written as an IP literal ({@code 169.254.169.254}, {@code [fd00:ec2::254]}) is always
     * denied, or {@code null} (also for names: those are judged after resolution, on every call).
     * For refusing such a URL when it is configured rather than when it is called.
     */
    public static String alwaysDeniedLiteral(String host) {
        if (host == null) {
            return null;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return null;
        }
        try {
            return alwaysDeniedReason(InetAddress.getByName(h).getAddress());
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** Why {@code address} is denied ("link-local / cloud metadata"), or {@code null} when it is allowed. */
    public static String denialReason(InetAddress address, boolean allowPrivateNetworks) {
        String always = alwaysDeniedReason(address.getAddress());
        if (always != null) {
            return always;
        }
        String privateRange = privateRange(address.getAddress());
        if (privateRange != null && !allowPrivateNetworks) {
            return privateRange + "; private networks are not allowed";
        }
        return null;
    }

    /** The private range {@code address} lies in ("loopback", "private network 10.0.0.0/8"), or null. */
    static String privateRange(byte[] a) {
        if (a.length == 4) {
            return privateRangeV4(a);
        }
        byte[] embedded = embeddedIpv4(a);
        if (embedded != null) {
            return privateRangeV4(embedded);
        }
        if (isLoopbackV6(a)) {
            return "loopback";
        }
        if ((a[0] & 0xfe) == 0xfc) {
            return "unique local address fc00::/7";
        }
        if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0) {
            return "site-local address fec0::/10";
        }
        return null;
    }

    private static String alwaysDeniedReason(byte[] a) {
        if (a.length == 4) {
            return alwaysDeniedV4(a);
        }
        byte[] embedded = embeddedIpv4(a);
        if (embedded != null) {
            String reason = alwaysDeniedV4(embedded);
            return reason == null ? null : reason + ", embedded in an IPv6 address";
        }
        if (isZero(a, 0, 16)) {
            return "unspecified address ::";
        }
        if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80) {
            return "link-local fe80::/10";
        }
        if (Arrays.equals(a, AWS_METADATA_V6)) {
            return "cloud metadata";
        }
        if ((a[0] & 0xff) == 0xff) {
            return "multicast";
        }
        return null;
    }

    private static String alwaysDeniedV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        int b3 = a[3] & 0xff;
        if (b0 == 0) {
            return "unspecified / 'this' network 0.0.0.0/8";
        }
        if (b0 == 169 && b1 == 254) {
            return "link-local / cloud metadata";
        }
        if ((b0 == 100 && b1 == 100 && b2 == 100 && b3 == 200) || (b0 == 192 && b1 == 0 && b2 == 0 && b3 == 192)) {
            return "cloud metadata";
        }
        if (b0 >= 224 && b0 <= 239) {
            return "multicast";
        }
        if (b0 >= 240) {
            return "reserved / broadcast";
        }
        return null;
    }

    private static String privateRangeV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 127) {
            return "loopback";
        }
        if (b0 == 10) {
            return "private network 10.0.0.0/8";
        }
        if (b0 == 172 && b1 >= 16 && b1 <= 31) {
            return "private network 172.16.0.0/12";
        }
        if (b0 == 192 && b1 == 168) {
            return "private network 192.168.0.0/16";
        }
        if (b0 == 100 && b1 >= 64 && b1 <= 127) {
            return "shared address space 100.64.0.0/10";
        }
        return null;
    }

    /** The IPv4 address an IPv6 address stands for, or null when it does not embed one. */
    static byte[] embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return null;
        }
        boolean mapped = isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        boolean compatible = isZero(a, 0, 12) && !(isZero(a, 12, 15) && (a[15] == 0 || a[15] == 1));
        boolean nat64 = a[0] == 0 && a[1] == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b
                && (isZero(a, 4, 12) || (a[4] == 0 && a[5] == 1));
        if (mapped || compatible || nat64) {
            return Arrays.copyOfRange(a, 12, 16);
        }
        if (a[0] == 0x20 && a[1] == 0x02) {
            return Arrays.copyOfRange(a, 2, 6);
        }
        return null;
    }

    private static boolean isLoopbackV6(byte[] a) {
        return isZero(a, 0, 15) && a[15] == 1;
    }

    private static boolean isZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
