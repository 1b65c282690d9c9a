package io.flows.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Changes every field name and scalar of a JSON tree, copying only what changes. */
public final class JsonTrees {

    private JsonTrees() {
    }

    /**
     * {@code node} with {@code key} applied to every field name and {@code scalar} to every value that is neither an
     * object nor an array. Both return their argument itself (the same instance) for what they leave as it is; the
     * result is then {@code node} itself, or a copy that shares every untouched part (the common case, nothing to
     * change, costs one look at each text and no copy).
     */
    public static JsonNode map(JsonNode node, UnaryOperator<String> key, UnaryOperator<JsonNode> scalar) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            int i = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); i++) {
                Map.Entry<String, JsonNode> f = it.next();
                String name = key.apply(f.getKey());
                JsonNode value = map(f.getValue(), key, scalar);
                if (copy == null && (name != f.getKey() || value != f.getValue())) {
                    copy = firstFields(node, i);
                }
                if (copy != null) {
                    copy.set(name, value);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = map(node.get(i), key, scalar);
                if (copy == null && value != node.get(i)) {
                    copy = JsonNodeFactory.instance.arrayNode(node.size());
                    for (int j = 0; j < i; j++) {
                        copy.add(node.get(j));
                    }
                }
                if (copy != null) {
                    copy.add(value);
                }
            }
            return copy == null ? node : copy;
        }
        return scalar.apply(node);
    }

    private static ObjectNode firstFields(JsonNode node, int count) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        for (int i = 0; i < count; i++) {
            Map.Entry<String, JsonNode> f = it.next();
            copy.set(f.getKey(), f.getValue());
        }
        return copy;
    }
}
