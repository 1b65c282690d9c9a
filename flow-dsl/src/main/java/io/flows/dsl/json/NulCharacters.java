package io.flows.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.parse.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds the NUL character (U+0000) in text. JSON may carry it as {@code "\u0000"} and Java strings hold it, but
 * PostgreSQL refuses it in every text column (H2 takes it): text saved in a column of its own must not hold it,
 * or the same request succeeds on one database and fails on the other.
 */
public final class NulCharacters {

    private NulCharacters() {
    }

    public static boolean in(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    /** A string, or a key ({@code key}), holding a NUL at {@code path} ({@code a.b[2]}, {@code ""}: the root). */
    public record Found(String path, boolean key) {
    }

    /** The first string or key holding a NUL, in document order; null when there is none. */
    public static Found find(JsonNode root) {
        Deque<Map.Entry<String, JsonNode>> todo = new ArrayDeque<>();
        todo.push(Map.entry("", root));
        while (!todo.isEmpty()) {
            Map.Entry<String, JsonNode> at = todo.pop();
            String path = at.getKey();
            JsonNode node = at.getValue();
            if (node.isTextual() && in(node.textValue())) {
                return new Found(path, false);
            }
            if (node.isObject()) {
                Deque<Map.Entry<String, JsonNode>> children = new ArrayDeque<>();
                for (Iterator<Map.Entry<String, JsonNode>> f = node.fields(); f.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = f.next();
                    String child = Paths.field(path, e.getKey());
                    if (in(e.getKey())) {
                        return new Found(child, true);
                    }
                    children.push(Map.entry(child, e.getValue()));
                }
                children.forEach(todo::push);
            } else if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    todo.push(Map.entry(Paths.index(path, i), node.get(i)));
                }
            }
        }
        return null;
    }
}
