package io.flows.engine.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.dsl.json.JsonTrees;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ahocorasick.trie.Trie;

/**
 * Replaces every known secret value, in each of its {@link SecretForms}, by {@code ***}.
 *
 * <p>All forms of all values sit in one Aho–Corasick automaton, so a text is scanned once whatever the number of
 * secrets; the automaton is rebuilt when a value is added. Values are only ever added: a deleted or replaced
 * secret stays masked until the process ends, as a partner may still echo it. One instance serves the whole
 * process (see {@link #shared()}) because the log layout exists before any application context.
 */
public final class Redactor {

    public static final String MASK = "***";
    private static final Redactor SHARED = new Redactor();

    private final Set<String> values = new HashSet<>();
    private volatile Trie trie;

    /** The process-wide redactor that the service, its answers and its log lines use. */
    public static Redactor shared() {
        return SHARED;
    }

    /** Masks these values from now on (those under 6 characters are not secrets and are ignored). */
    public void add(Collection<String> secretValues) {
        synchronized (values) {
            boolean changed = false;
            for (String v : secretValues) {
                if (v != null && v.length() >= NodeSecrets.MIN_LENGTH) {
                    changed |= values.add(v);
                }
            }
            if (changed) {
                Trie.TrieBuilder b = Trie.builder();
                values.forEach(v -> b.addKeywords(SecretForms.of(v)));
                trie = b.build();
            }
        }
    }

    public void add(String secretValue) {
        if (secretValue != null && !knows(secretValue)) {
            add(List.of(secretValue));
        }
    }

    private boolean knows(String value) {
        synchronized (values) {
            return values.contains(value);
        }
    }

    public String redact(String text) {
        Trie t = trie;
        if (t == null || text == null || text.isEmpty()) {
            return text;
        }
        List<int[]> found = new ArrayList<>();
        t.parseText(text).forEach(e -> found.add(new int[] {e.getStart(), e.getEnd() + 1}));
        // URL-encoded spellings: looked for in the decoded text, whichever characters the encoder left alone
        if (text.indexOf('%') >= 0 || text.indexOf('+') >= 0) {
            for (boolean plusIsSpace : new boolean[] {false, true}) {
                PercentDecoded view = PercentDecoded.of(text, plusIsSpace);
                if (view != null) {
                    t.parseText(view.text()).forEach(e -> found.add(view.original(e.getStart(), e.getEnd())));
                }
            }
        }
        if (found.isEmpty()) {
            return text;
        }
        // overlapping matches (two secrets sharing characters, a value and one of its forms) become one mask
        found.sort(Comparator.comparingInt(r -> r[0]));
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int[] r : found) {
            if (r[0] >= from) {
                out.append(text, from, r[0]).append(MASK);
            }
            from = Math.max(from, r[1]);
        }
        return out.append(text, from, text.length()).toString();
    }

    /** The same tree with secrets masked in every string and field name; untouched parts are shared, not copied. */
    public JsonNode redact(JsonNode node) {
        if (trie == null || node == null) {
            return node;
        }
        return redactNode(node);
    }

    public ObjectNode redact(ObjectNode node) {
        return (ObjectNode) redact((JsonNode) node);
    }

    private JsonNode redactNode(JsonNode node) {
        return JsonTrees.map(node, this::redact, n -> {
            if (n.isTextual()) {
                String masked = redact(n.textValue());
                return masked == n.textValue() ? n : TextNode.valueOf(masked);
            }
            if (n.isNumber()) {
                String text = n.asText();
                return redact(text) == text ? n : TextNode.valueOf(MASK);
            }
            return n;
        });
    }

}
