package io.flows.engine.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The text of an API token: {@code flw_} + 32 random bytes in base62 (43 characters) + a CRC32 of
 * that part in base62 (6 characters), as GitHub's tokens do. The prefix makes a leaked token
 * recognisable to secret scanners; the checksum rejects a mistyped token without a database lookup.
 */
public final class TokenFormat {

    public static final String PREFIX = "flw_";
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BODY = 43;
    private static final int CHECKSUM = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFormat() {
    }

    public static String generate() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String body = base62(new BigInteger(1, random), BODY);
        return PREFIX + body + checksum(body);
    }

    /** Prefix, length, alphabet and checksum are right (says nothing about whether the token exists). */
    public static boolean isWellFormed(String token) {
        if (token == null || token.length() != PREFIX.length() + BODY + CHECKSUM || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            if (DIGITS.indexOf(token.charAt(i)) < 0) {
                return false;
            }
        }
        String body = token.substring(PREFIX.length(), PREFIX.length() + BODY);
        return token.endsWith(checksum(body));
    }

    /**
     * What is stored: the hex SHA-256 of the token. A fast hash is enough here (unlike for passwords):
     * the token carries 256 random bits, so there is no dictionary to try and no salt is needed.
     */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return base62(BigInteger.valueOf(crc.getValue()), CHECKSUM);
    }

    private static String base62(BigInteger n, int width) {
        StringBuilder b = new StringBuilder();
        BigInteger base = BigInteger.valueOf(62);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            b.append(DIGITS.charAt(qr[1].intValue()));
            n = qr[0];
        }
        while (b.length() < width) {
            b.append('0');
        }
        return b.reverse().toString();
    }
}
