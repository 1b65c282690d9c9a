package io.flows.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds text holding half of a UTF-16 surrogate pair. JSON may carry one as an escape
 * ({@code "\ud800"}) and JavaScript makes one when it cuts an emoji in two ({@code "😀".slice(0, 1)}),
 * but it is not a Unicode character: it cannot be written as UTF-8, so storing it silently turns it
 * into {@code ?} and answering with it fails. Input holding one is refused instead, and what is recorded of an
 * execution (an error message built from user text, say) has each one replaced by U+FFFD ({@link #wellFormed}).
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

    /** Whether {@code text} holds half of a surrogate pair without its other half. */
    public static boolean in(String text) {
        return text != null && unpaired(text) >= 0;
    }

    /** The first string or key holding one, in document order, with its path ({@code a.b[2]}); null when none does. */
    public static TextFind.Found locate(JsonNode root) {
        return TextFind.first(root, LoneSurrogates::in);
    }

    /** {@code text} with each half of a surrogate pair that has no other half replaced by U+FFFD. */
    public static String wellFormed(String text) {
        int first = unpaired(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /**
     * JSON text with each unpaired surrogate written as its escape ({@code \\ud800}), which JSON allows: as a raw
     * {@code char} it has no UTF-8 form, and the bytes of the text would hold {@code ?} in its place. Only for JSON
     * text, where such a char can only stand inside a string.
     */
    public static String escapedInJson(String json) {
        int first = unpaired(json);
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 10).append(json, 0, first);
        for (int i = first; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                out.append(c).append(json.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code node} with {@link #wellFormed(String)} applied to every string and key: {@code node} itself when none
     * holds half a pair (the common case costs one look at each text, and no copy), else a copy.
     */
    public static JsonNode wellFormed(JsonNode node) {
        return JsonTrees.map(node, LoneSurrogates::wellFormed,
                n -> n.isTextual() && in(n.textValue()) ? TextNode.valueOf(wellFormed(n.textValue())) : n);
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
