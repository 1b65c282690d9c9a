package io.flows.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds text holding half of a UTF-16 surrogate pair. JSON may carry one as an escape
 * ({@code "\ud800"}) and JavaScript makes one when it cuts an emoji in two ({@code "😀".slice(0, 1)}),
 * but it is not a Unicode character: it cannot be written as UTF-8, so storing it silently turns it
 * into {@code ?} and answering with it fails. Input holding one is refused instead.
 */
public final class LoneSurrogates {

    private LoneSurrogates() {
    }

    /**
     * Whether JSON text may hold one: only an escape {@code \}{@code uD800}–{@code \}{@code uDFFF} can put it
     * there (valid UTF-8 cannot), so most text is cleared without looking at its tree.
     */
    public static boolean mayHold(CharSequence json) {
        for (int i = json.length() - 6; i >= 0; i--) {
            if (json.charAt(i) == '\\' && json.charAt(i + 1) == 'u' && (json.charAt(i + 2) | 0x20) == 'd'
                    && "89abcdefABCDEF".indexOf(json.charAt(i + 3)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Like {@link #mayHold(CharSequence)} for UTF-8 bytes. */
    public static boolean mayHold(byte[] json) {
        for (int i = json.length - 6; i >= 0; i--) {
            if (json[i] == '\\' && json[i + 1] == 'u' && (json[i + 2] | 0x20) == 'd'
                    && "89abcdefABCDEF".indexOf(json[i + 3]) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the first string or key holding an unpaired surrogate is, as a path from {@code root} ({@code a.b[2]},
     * {@code ""} for the root itself), with the offending code unit; null when there is none.
     */
    public static String find(JsonNode node) {
        return find(node, "");
    }

    private static String find(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            int at = unpaired(node.textValue());
            return at < 0 ? null : describe(path, node.textValue().charAt(at));
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                int at = unpaired(f.getKey());
                if (at >= 0) {
                    return describe(path.isEmpty() ? "(a key)" : path + " (a key)", f.getKey().charAt(at));
                }
                String found = find(f.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = find(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The index of the first unpaired surrogate in {@code s}, or -1. */
    static int unpaired(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(String path, char unit) {
        return String.format("%s (\\u%04x)", path.isEmpty() ? "the value itself" : path, (int) unit);
    }
}
