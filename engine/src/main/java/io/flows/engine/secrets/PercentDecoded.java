package io.flows.engine.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A text with its percent-encoded UTF-8 bytes decoded (and, if asked, {@code +} read as a space), knowing for each
 * decoded character which characters of the text it came from.
 *
 * <p>Redaction looks for secrets in this view as well as in the text: URL encoders differ in which characters they
 * leave as they are ({@code encodeURIComponent} keeps {@code !'()*~}, {@code encodeURI} also {@code &/:;=?@+$,#},
 * form encoding only {@code *-._}, RFC 3986 only {@code -._~}) and in the case of their hex digits, so no fixed list
 * of encoded spellings covers them all; decoded, they are all the value itself. A match found here is mapped back to
 * the characters of the text it spans.
 */
final class PercentDecoded {

    private final String text;
    /** For decoded character i: the first character of the text it came from, and the one after its last. */
    private final int[] starts;
    private final int[] ends;

    private PercentDecoded(String text, int[] starts, int[] ends) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
    }

    /** The decoded view of {@code original}, or null when nothing in it decodes (the text is its own view). */
    static PercentDecoded of(String original, boolean plusIsSpace) {
        int n = original.length();
        StringBuilder out = new StringBuilder(n);
        int[] starts = new int[n];
        int[] ends = new int[n];
        boolean decoded = false;
        int i = 0;
        while (i < n) {
            char c = original.charAt(i);
            if (c == '%' && hexAt(original, i)) {
                int runEnd = i;
                while (hexAt(original, runEnd)) {
                    runEnd += 3;
                }
                decoded |= decodeRun(original, i, runEnd, out, starts, ends);
                i = runEnd;
            } else {
                boolean space = plusIsSpace && c == '+';
                decoded |= space;
                add(out, starts, ends, space ? ' ' : c, i, i + 1);
                i++;
            }
        }
        return decoded ? new PercentDecoded(out.toString(), starts, ends) : null;
    }

    String text() {
        return text;
    }

    /** Where decoded characters {@code from} to {@code to} (inclusive) are in the original: start and end (exclusive). */
    int[] original(int from, int to) {
        return new int[] {starts[from], ends[to]};
    }

    /**
     * Decodes the bytes of {@code %XX%XX...} between {@code from} and {@code to}, one UTF-8 sequence at a time; a byte
     * that starts no valid sequence stays as its three characters (it is no text any encoder makes of a string).
     */
    private static boolean decodeRun(String s, int from, int to, StringBuilder out, int[] starts, int[] ends) {
        int count = (to - from) / 3;
        byte[] bytes = new byte[count];
        for (int k = 0; k < count; k++) {
            bytes[k] = (byte) Integer.parseInt(s, from + 3 * k + 1, from + 3 * k + 3, 16);
        }
        boolean decoded = false;
        int k = 0;
        while (k < count) {
            int length = sequenceLength(bytes[k]);
            String chars = length > 0 && k + length <= count ? utf8(bytes, k, length) : null;
            int start = from + 3 * k;
            if (chars == null) {
                for (int j = start; j < start + 3; j++) {
                    add(out, starts, ends, s.charAt(j), j, j + 1);
                }
                k++;
            } else {
                int end = start + 3 * length;
                for (int j = 0; j < chars.length(); j++) {
                    add(out, starts, ends, chars.charAt(j), start, end);
                }
                decoded = true;
                k += length;
            }
        }
        return decoded;
    }

    private static int sequenceLength(byte lead) {
        int b = lead & 0xff;
        if (b < 0x80) {
            return 1;
        }
        if (b >= 0xc2 && b <= 0xdf) {
            return 2;
        }
        if (b >= 0xe0 && b <= 0xef) {
            return 3;
        }
        return b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    }

    /** The characters of one UTF-8 sequence, or null when the bytes are not one. */
    private static String utf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean hexAt(String s, int i) {
        return i + 2 < s.length() && s.charAt(i) == '%' && hex(s.charAt(i + 1)) && hex(s.charAt(i + 2));
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static void add(StringBuilder out, int[] starts, int[] ends, char c, int start, int end) {
        starts[out.length()] = start;
        ends[out.length()] = end;
        out.append(c);
    }
}
