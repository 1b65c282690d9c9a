package io.flows.engine.hooks;

import io.flows.dsl.model.Trigger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks webhook signatures over the raw body bytes, in constant time:
 * <ul>
 * <li>{@code standard-webhooks}: {@code webhook-id}, {@code webhook-timestamp} (within the tolerance),
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">} (several, space-separated);
 * secret {@code whsec_<base64>} (the key is the decoded bytes) or plain text.</li>
 * <li>{@code github}: {@code x-hub-signature-256: sha256=<hex HMAC-SHA256 of the body>}.</li>
 * <li>{@code hmac}: a header (default {@code x-signature}) with the HMAC of the body, algorithm
 * (default SHA-256), encoding (default hex) and an optional prefix as the trigger says; without a
 * prefix, {@code <algorithm>=} is still accepted in front of the digest.</li>
 * </ul>
 * A delivery passes when any of the active secrets signed it (two are active while one is rotated).
 * Headers are given with lower-case names.
 */
public final class Signatures {

    public static final String STANDARD = Trigger.Scheme.STANDARD_WEBHOOKS.json();

    private final Clock clock;
    private final Duration tolerance;

    public Signatures(Clock clock, Duration tolerance) {
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /** Why a delivery was refused; never contains the secret or the expected signature. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Checks one scheme with its defaults and one secret. */
    public void verify(String scheme, String secret, Map<String, String> headers, byte[] body) throws Refused {
        Trigger.Scheme known = Arrays.stream(Trigger.Scheme.values())
                .filter(s -> s.json().equalsIgnoreCase(scheme == null ? "" : scheme.trim()))
                .findFirst()
                .orElseThrow(() -> new Refused("the trigger names an unknown signature scheme '" + scheme + "'"));
        verify(new Trigger.Signature(known, secret, null, null, null, null, null),
                secret == null ? List.of() : List.of(secret), headers, body);
    }

    /**
     * Passes when any of {@code secrets} (resolved values) signed the delivery as {@code spec} says.
     * Every secret is tried, so the time taken does not tell which one matched.
     */
    public void verify(Trigger.Signature spec, List<String> secrets, Map<String, String> headers, byte[] body)
            throws Refused {
        List<String> usable = secrets.stream().filter(v -> v != null && !v.isEmpty()).toList();
        if (usable.isEmpty()) {
            throw new Refused("the trigger's secret is not set");
        }
        Refused first = null;
        boolean match = false;
        for (String secret : usable) {
            try {
                verifyOne(spec, secret, headers, body);
                match = true;
            } catch (Refused e) {
                first = first == null ? e : first;
            }
        }
        if (!match) {
            throw first;
        }
    }

    private void verifyOne(Trigger.Signature spec, String secret, Map<String, String> headers, byte[] body)
            throws Refused {
        switch (spec.scheme()) {
            case STANDARD_WEBHOOKS -> standard(secret, headers, body);
            case GITHUB -> digestHeader(secret, headers, body, "x-hub-signature-256", Trigger.Algorithm.SHA256,
                    Trigger.Encoding.HEX, "sha256=", true);
            case HMAC -> {
                Trigger.Algorithm algorithm = spec.algorithm() == null ? Trigger.Algorithm.SHA256 : spec.algorithm();
                boolean fixedPrefix = spec.prefix() != null && !spec.prefix().isEmpty();
                digestHeader(secret, headers, body,
                        spec.header() == null ? "x-signature" : spec.header().toLowerCase(Locale.ROOT),
                        algorithm, spec.encoding() == null ? Trigger.Encoding.HEX : spec.encoding(),
                        fixedPrefix ? spec.prefix() : algorithm.json() + "=", fixedPrefix);
            }
        }
    }

    private void standard(String secret, Map<String, String> headers, byte[] body) throws Refused {
        String id = headers.get("webhook-id");
        String timestamp = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            throw new Refused("webhook-id, webhook-timestamp and webhook-signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new Refused("webhook-timestamp is not a number of seconds");
        }
        Instant sent = Instant.ofEpochSecond(seconds);
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(tolerance)) || sent.isAfter(now.plus(tolerance))) {
            throw new Refused("webhook-timestamp is outside the tolerance of " + tolerance.toSeconds() + "s");
        }
        byte[] expected = standardDigest(secret, id, timestamp.trim(), body);
        boolean match = false;
        for (String part : signatures.trim().split("\\s+")) {
            int comma = part.indexOf(',');
            if (comma < 0 || !part.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(part.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // no early exit: every listed signature is compared
            match |= MessageDigest.isEqual(expected, given);
        }
        if (!match) {
            throw new Refused("no webhook-signature matches");
        }
    }

    /** The {@code webhook-signature} value a Standard Webhooks sender puts on {@code body}: {@code v1,<base64>}. */
    public static String standardSignature(String secret, String id, long timestampSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(standardDigest(secret, id, Long.toString(timestampSeconds), body));
    }

    private static byte[] standardDigest(String secret, String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return hmac(standardKey(secret), signed);
    }

    /** Whether {@code secret} gives a key at all: an empty one (also {@code whsec_} alone) cannot sign. */
    public static boolean canSign(Trigger.Scheme scheme, String secret) {
        return scheme == Trigger.Scheme.STANDARD_WEBHOOKS ? standardKey(secret).length > 0 : !secret.isEmpty();
    }

    private static byte[] standardKey(String secret) {
        if (secret.startsWith("whsec_")) {
            try {
                return Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException e) {
                // not base64 after all: use the text
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static void digestHeader(String secret, Map<String, String> headers, byte[] body, String name,
                                     Trigger.Algorithm algorithm, Trigger.Encoding encoding, String prefix,
                                     boolean prefixRequired) throws Refused {
        String value = headers.get(name);
        if (value == null) {
            throw new Refused(name + " is required");
        }
        String v = value.trim();
        if (v.regionMatches(true, 0, prefix, 0, prefix.length())) {
            v = v.substring(prefix.length());
        } else if (prefixRequired) {
            throw new Refused(name + " must be " + prefix + "<digest>");
        }
        byte[] given;
        try {
            given = encoding == Trigger.Encoding.HEX
                    ? HexFormat.of().parseHex(v.toLowerCase(Locale.ROOT))
                    : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new Refused(name + " is not " + encoding.json());
        }
        if (!MessageDigest.isEqual(mac(algorithm.jca(), secret.getBytes(StandardCharsets.UTF_8), body), given)) {
            throw new Refused(name + " does not match");
        }
    }

    /** HMAC-SHA256. */
    public static byte[] hmac(byte[] key, byte[] data) {
        return mac("HmacSHA256", key, data);
    }

    private static byte[] mac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
