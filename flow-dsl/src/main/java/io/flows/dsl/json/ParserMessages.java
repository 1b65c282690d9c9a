package io.flows.dsl.json;

import java.util.regex.Pattern;

/**
 * Jackson's parse errors, without its advice to the programmer: a user who sent {@code NaN} or a comment learns
 * what is wrong and where, not which parser feature would have allowed it.
 */
public final class ParserMessages {

    private static final Pattern FEATURE_HINT = Pattern.compile(
            ":\\s*enable `[A-Za-z_.]+` to allow"
            + "|\\s*\\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)"
            + "|\\s*\\(JSON String can only include[^)]*\\)");
    private static final Pattern CONSTRAINT_SOURCE = Pattern.compile(", from `[A-Za-z_.()]+`\\)");
    /** "(start marker at [Source: REDACTED (`StreamReadFeature...` disabled); line: 1, column: 22])". */
    private static final Pattern START_MARKER = Pattern.compile(
            "\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)]\\)");

    private ParserMessages() {
    }

    /** The message with the parser's feature and constraint names taken out. */
    public static String plain(String message) {
        if (message == null) {
            return null;
        }
        String m = FEATURE_HINT.matcher(message).replaceAll("");
        m = START_MARKER.matcher(m).replaceAll("(opened at line $1, column $2)");
        return CONSTRAINT_SOURCE.matcher(m).replaceAll(")");
    }
}
