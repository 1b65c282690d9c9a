package io.flows.engine.api;

import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code If-Match} header of a save: {@code *} or a list of entity tags (RFC 9110 §13.1.1), which matches when
 * any of them names the flow's latest version. Several header lines are one list, and empty list elements are
 * skipped, as RFC 9110 §5.6.1 asks of a recipient.
 *
 * <p>Two leniencies, both documented before lists were read: a bare number ({@code 3}) names version 3, and so
 * does a weak tag ({@code W/"3"}). RFC 9110 would never let a weak tag match an If-Match, but this service sends
 * only strong tags, so a weak one is ours weakened on the way (a proxy that compresses answers does that) and
 * still names the version its client read; refusing it would leave such a client with a 412 at every try.
 */
final class IfMatch {

    private IfMatch() {
    }

    /**
     * The versions the header's values name, or null when any version will do (no header, or {@code *}); an empty
     * list for a header that lists no entity tag (an empty value, or only commas), which RFC 9110 §13.1.1 reads as
     * a list that matches nothing: a 412, not a save without a check. 400 for a value that is not such a list, or
     * that lists a tag which is not a version as the ETag writes it (1 or more, no leading zeros: {@code "037"} is
     * another tag than {@code "37"}).
     */
    @Nullable
    static List<Integer> versions(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String header = String.join(", ", values).strip();
        List<Integer> versions = new ArrayList<>();
        int stars = 0;
        int i = 0;
        while (true) {
            i = skipSeparators(header, i);
            if (i >= header.length()) {
                break;
            }
            int start = i;
            if (header.charAt(i) == '*') {
                stars++;
                i++;
            } else {
                boolean weak = header.startsWith("W/", i);
                if (weak) {
                    i += 2;
                }
                String tag;
                if (i < header.length() && header.charAt(i) == '"') {
                    int close = header.indexOf('"', i + 1);
                    if (close < 0) {
                        throw malformed(header, "the quote at character " + (i + 1) + " is not closed");
                    }
                    tag = header.substring(i + 1, close);
                    i = close + 1;
                } else if (weak) {
                    throw malformed(header, "W/ is not followed by a quoted tag");
                } else {
                    int end = i;
                    while (end < header.length() && header.charAt(end) != ',' && !isSpace(header.charAt(end))) {
                        end++;
                    }
                    tag = header.substring(i, end);
                    i = end;
                }
                versions.add(version(header, tag, header.substring(start, i)));
            }
            i = skipSpaces(header, i);
            if (i < header.length() && header.charAt(i) != ',') {
                throw malformed(header, "entity tags are separated by commas");
            }
        }
        if (stars > 1 || stars == 1 && !versions.isEmpty()) {
            throw malformed(header, "* means any version and stands alone, not in a list");
        }
        return stars == 1 ? null : versions;
    }

    private static int version(String header, String tag, String written) {
        if (!tag.isEmpty() && tag.charAt(0) != '0' && tag.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                int version = Integer.parseInt(tag);
                if (version >= 1) {
                    return version;
                }
            } catch (NumberFormatException tooLarge) {
                // answered below, as for version 0
            }
        }
        throw ApiProblem.badRequest("If-Match must name versions of the flow (1 or more) as its ETag does, e.g. "
                + "\"3\" or \"3\", \"4\"; " + written + " in '" + header + "' is not one");
    }

    private static ApiProblem malformed(String header, String why) {
        return ApiProblem.badRequest("If-Match must be * or a list of entity tags such as \"3\" or \"3\", \"4\": "
                + why + " in '" + header + "'");
    }

    private static int skipSeparators(String header, int i) {
        while (i < header.length() && (header.charAt(i) == ',' || isSpace(header.charAt(i)))) {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String header, int i) {
        while (i < header.length() && isSpace(header.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
