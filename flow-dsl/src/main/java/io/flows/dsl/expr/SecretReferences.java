package io.flows.dsl.expr;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the secrets an expression reads: {@code secrets.NAME}, {@code secrets?.NAME} or
 * {@code secrets['NAME']}. The validator and the runtime share it, so what is accepted is exactly
 * what gets resolved; only the names found are bound when the expression runs.
 */
public final class SecretReferences {

    /** Secret names: letters, digits, '_' and '-', 1 to 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** {@code secrets} as a word of its own: not a member such as {@code input.secrets}. */
    private static final Pattern WORD = Pattern.compile("(?<![\\w$.])secrets(?![\\w$])");
    private static final Pattern ACCESS = Pattern.compile(
            "\\G\\s*(?:\\??\\.\\s*([A-Za-z0-9_]{1,64})(?![\\w$])|(?:\\?\\.)?\\[\\s*(['\"])([A-Za-z0-9_-]{1,64})\\2\\s*])");
    private static final Pattern USE = Pattern.compile("\\G\\s*(?:\\??\\.|\\[)");

    private SecretReferences() {
    }

    /** The names an expression reads. */
    public static Set<String> in(String source) {
        Set<String> names = new LinkedHashSet<>();
        Matcher word = WORD.matcher(source);
        while (word.find()) {
            Matcher access = ACCESS.matcher(source);
            access.region(word.end(), source.length());
            if (!access.lookingAt()) {
                throw new IllegalArgumentException("'secrets' may only be used as secrets.NAME or secrets['NAME']"
                        + " (NAME: letters, digits, '_' and '-')");
            }
            names.add(access.group(1) != null ? access.group(1) : access.group(3));
        }
        return names;
    }

    /**
     * True when the code reads {@code secrets} like an object ({@code secrets.X}, {@code secrets[...]}):
     * what is refused outside the places secrets are in scope. A mere word (say, in a comment) is not.
     */
    public static boolean used(String source) {
        Matcher word = WORD.matcher(source);
        while (word.find()) {
            Matcher use = USE.matcher(source);
            use.region(word.end(), source.length());
            if (use.lookingAt()) {
                return true;
            }
        }
        return false;
    }
}
