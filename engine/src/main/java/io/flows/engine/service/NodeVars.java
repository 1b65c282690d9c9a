package io.flows.engine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.engine.FlowsConfig;
import io.flows.engine.runtime.Jsons;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Overrides of flow {@code vars} for every execution on this node: {@code flows.vars.<name>} in the
 * configuration and {@code FLOWS_VAR_<name>} in the environment (read directly, because the
 * configuration's environment mapping would lower-case the name).
 */
final class NodeVars {

    private NodeVars() {
    }

    static Map<String, JsonNode> of(FlowsConfig config, Map<String, String> env) {
        Map<String, JsonNode> vars = new LinkedHashMap<>();
        config.getVars().forEach((k, v) -> vars.put(k, value(v)));
        env.forEach((k, v) -> {
            if (k.startsWith("FLOWS_VAR_") && k.length() > "FLOWS_VAR_".length()) {
                vars.put(k.substring("FLOWS_VAR_".length()), value(v));
            }
        });
        return Map.copyOf(vars);
    }

    /** JSON when the text is JSON (numbers, objects), else the text itself. */
    static JsonNode value(String text) {
        try {
            JsonNode n = Jsons.parse(text);
            return n == null || n.isMissingNode() ? TextNode.valueOf(text) : n;
        } catch (IllegalArgumentException e) {
            return TextNode.valueOf(text);
        }
    }
}
