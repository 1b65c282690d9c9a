package io.flows.steps.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which bindings a piece of code can reference, so only those are serialised into the sandbox.
 *
 * <p>Conservative by construction: a binding is left out only when its name never occurs in the source as a
 * word; it is narrowed to some members only when every occurrence is {@code name.member} or
 * {@code name?.member}. Code that mentions {@code arguments} or contains a unicode escape (which can spell an
 * identifier) gets every binding whole. Code generation from strings ({@code eval}, {@code Function}) is
 * disabled in the sandbox, so a name cannot be referenced without being written.
 */
final class BindingSelector {

    private static final Pattern MEMBER = Pattern.compile("\\G\\s*\\??\\.\\s*([A-Za-z_$][A-Za-z0-9_$]*)");

    private BindingSelector() {
    }

    /** The bindings to pass, by name in a stable order; a narrowed binding holds only the members used. */
    static TreeMap<String, JsonNode> select(String source, Map<String, JsonNode> bindings) {
        TreeMap<String, JsonNode> out = new TreeMap<>();
        boolean passAll = source.contains("\\u") || occursAsWord(source, "arguments");
        for (Map.Entry<String, JsonNode> e : bindings.entrySet()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (passAll) {
                out.put(name, value);
                continue;
            }
            Set<String> members = membersUsed(source, name);
            if (members == null) {
                out.put(name, value);
            } else if (!members.isEmpty()) {
                out.put(name, narrow(value, members));
            }
        }
        return out;
    }

    /**
     * The members used when every occurrence of {@code name} is a member access; null when some occurrence is
     * not (the whole value is needed); empty when the name does not occur.
     */
    static Set<String> membersUsed(String source, String name) {
        Set<String> members = new LinkedHashSet<>();
        int from = 0;
        while (true) {
            int i = source.indexOf(name, from);
            if (i < 0) {
                return members;
            }
            int end = i + name.length();
            from = end;
            if (isIdentifierPart(source, i - 1) || isIdentifierPart(source, end)) {
                continue;
            }
            Matcher m = MEMBER.matcher(source);
            m.region(end, source.length());
            if (!m.lookingAt()) {
                return null;
            }
            members.add(m.group(1));
        }
    }

    private static boolean occursAsWord(String source, String word) {
        int from = 0;
        while (true) {
            int i = source.indexOf(word, from);
            if (i < 0) {
                return false;
            }
            if (!isIdentifierPart(source, i - 1) && !isIdentifierPart(source, i + word.length())) {
                return true;
            }
            from = i + 1;
        }
    }

    private static boolean isIdentifierPart(String s, int i) {
        if (i < 0 || i >= s.length()) {
            return false;
        }
        char c = s.charAt(i);
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '\\' || c > 127;
    }

    private static JsonNode narrow(JsonNode value, Set<String> members) {
        if (value == null || !value.isObject()) {
            return value;
        }
        ObjectNode out = ((ObjectNode) value).objectNode();
        for (String m : members) {
            JsonNode v = value.get(m);
            if (v != null) {
                out.set(m, v);
            }
        }
        return out;
    }
}
