package io.flows.steps.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Host name spelling rules: normalisation, IP literals, and numeric hosts in disguise. */
final class HostNames {

    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");

    private HostNames() {
    }

    /** Lower case, no brackets, no trailing dot. */
    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    static boolean isDottedQuad(String host) {
        return DOTTED_QUAD.matcher(host).matches();
    }

    static boolean isIpv6Literal(String host) {
        return host.indexOf(':') >= 0;
    }

    static boolean isValidName(String host) {
        return host.length() <= 253 && NAME.matcher(host).matches();
    }

    /** The address an IP literal host stands for (no lookup happens for literals), or null for names. */
    static InetAddress literal(String host) throws UnknownHostException {
        if (isDottedQuad(host) || isIpv6Literal(host)) {
            return InetAddress.getByName(host);
        }
        return null;
    }

    /**
     * Whether the host is made of numbers only but is not a plain dotted quad: {@code 2852039166},
     * {@code 0xA9FEA9FE}, {@code 0251.0376.0251.0376}, {@code 169.254.43518}. Resolvers disagree on
     * what such hosts mean, so they are never looked up.
     */
    static boolean isNumericInDisguise(String host) {
        if (isDottedQuad(host)) {
            return false;
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!NUMERIC_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Every IPv4 address a numeric host may be read as: the inet_aton reading (octal, hex) and the decimal one. */
    static List<InetAddress> numericReadings(String host) {
        String[] labels = host.split("\\.", -1);
        List<InetAddress> readings = new ArrayList<>(2);
        if (labels.length > 4) {
            return readings;
        }
        for (boolean inetAton : new boolean[] {true, false}) {
            long[] parts = new long[labels.length];
            boolean valid = true;
            for (int i = 0; i < labels.length && valid; i++) {
                parts[i] = number(labels[i], inetAton);
                valid = parts[i] >= 0;
            }
            long value = valid ? combine(parts) : -1;
            if (value >= 0) {
                byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
                try {
                    readings.add(InetAddress.getByAddress(host, b));
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return readings;
    }

    private static long number(String label, boolean inetAton) {
        try {
            if (label.startsWith("0x") || label.startsWith("0X")) {
                return inetAton ? (label.length() == 2 ? 0 : Long.parseLong(label.substring(2), 16)) : -1;
            }
            if (label.length() > 12) {
                return -1;
            }
            if (inetAton && label.length() > 1 && label.startsWith("0")) {
                return Long.parseLong(label.substring(1), 8);
            }
            return Long.parseLong(label);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long combine(long[] parts) {
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i] > 0xff) {
                return -1;
            }
            value |= parts[i] << (24 - 8 * i);
        }
        long last = parts[parts.length - 1];
        long lastMax = (1L << (8 * (5 - parts.length))) - 1;
        return last > lastMax ? -1 : value | last;
    }
}
