package io.flows.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.parse.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/** Finds the first string or key of a JSON tree, in document order, whose text is of a kind (see its users). */
public final class TextFind {

    private TextFind() {
    }

    /** A string, or a key ({@code key}), at {@code path} ({@code a.b[2]}, {@code ""}: the root). */
    public record Found(String path, boolean key) {
    }

    /** The first string or key for which {@code holds} is true; null when there is none. */
    public static Found first(JsonNode root, Predicate<String> holds) {
        Deque<Map.Entry<String, JsonNode>> todo = new ArrayDeque<>();
        todo.push(Map.entry("", root));
        while (!todo.isEmpty()) {
            Map.Entry<String, JsonNode> at = todo.pop();
            String path = at.getKey();
            JsonNode node = at.getValue();
            if (node.isTextual() && holds.test(node.textValue())) {
                return new Found(path, false);
            }
            if (node.isObject()) {
                Deque<Map.Entry<String, JsonNode>> children = new ArrayDeque<>();
                for (Iterator<Map.Entry<String, JsonNode>> f = node.fields(); f.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = f.next();
                    String child = Paths.field(path, e.getKey());
                    if (holds.test(e.getKey())) {
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
