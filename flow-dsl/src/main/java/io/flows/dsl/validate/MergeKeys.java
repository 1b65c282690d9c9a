package io.flows.dsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.parse.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * YAML's merge key {@code <<: *anchor}, which Flows' YAML reader does not expand: it reads a field named
 * {@code <<}. Where a field is checked that is an unknown field (or a wrong type), whose message then says why;
 * where any field goes (a transform's {@code set}, a request body, {@code vars}) nothing would say so, and the
 * value silently gets a field named {@code <<}: a warning.
 */
final class MergeKeys {

    static final String KEY = "<<";
    private static final String INSTEAD = "repeat the fields here, or keep what several steps share in vars"
            + " (${vars.name}) or in a connection profile";

    private MergeKeys() {
    }

    /** Adds the hint to the problems of every {@code <<} in {@code root}, and warns of the others. */
    static void check(JsonNode root, List<Problem> problems, List<Problem> warnings) {
        List<String> found = new ArrayList<>();
        collect(root, "", found);
        if (found.isEmpty()) {
            return;
        }
        Set<String> said = problems.stream().map(Problem::path).filter(found::contains).collect(Collectors.toSet());
        problems.replaceAll(p -> said.contains(p.path()) ? Problem.at(p.code(), p.path(), p.message()
                + " (a YAML merge key, which Flows does not support: " + INSTEAD + ")") : p);
        for (String path : found) {
            if (!said.contains(path)) {
                warnings.add(Problem.at("MERGE_KEY", path, "'<<' is a YAML merge key, which Flows does not support:"
                        + " this value gets a field named '<<' holding the merged mapping, not its fields; " + INSTEAD));
            }
        }
    }

    private static void collect(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String at = Paths.field(path, f.getKey());
                if (f.getKey().equals(KEY)) {
                    found.add(at);
                }
                collect(f.getValue(), at, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), Paths.index(path, i), found);
            }
        }
    }
}
