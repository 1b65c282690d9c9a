package io.flows.engine.hooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
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
 * <li>{@code hmac}: {@code x-signature: <hex HMAC-SHA256 of the body>} ({@code sha256=} prefix allowed).</li>
 * </ul>
 * Headers are given with lower-case names.
 */
public final class Signatures {

    public static final String STANDARD = "standard-webhooks";
    public static final String GITHUB = "github";
    public static final String HMAC = "hmac";

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

    public void verify(String scheme, String secret, Map<String, String> headers, byte[] body) throws Refused {
        if (secret == null || secret.isEmpty()) {
            throw new Refused("the trigger's secret is not set");
        }
        String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        switch (s) {
            case STANDARD -> standard(secret, headers, body);
            case GITHUB -> hexHeader(secret, headers.get("x-hub-signature-256"), "x-hub-signature-256", true, body);
            case HMAC -> hexHeader(secret, headers.get("x-signature"), "x-signature", false, body);
            default -> throw new Refused("the trigger names an unknown signature scheme '" + scheme + "'");
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

    private static void hexHeader(String secret, String value, String name, boolean prefixRequired, byte[] body)
            throws Refused {
        if (value == null) {
            throw new Refused(name + " is required");
        }
        String v = value.trim();
        if (v.regionMatches(true, 0, "sha256=", 0, 7)) {
            v = v.substring(7);
        } else if (prefixRequired) {
            throw new Refused(name + " must be sha256=<hex>");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(v.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Refused(name + " is not hexadecimal");
        }
        if (!MessageDigest.isEqual(hmac(secret.getBytes(StandardCharsets.UTF_8), body), given)) {
            throw new Refused(name + " does not match");
        }
    }

    /** HMAC-SHA256. */
    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
