package io.flows.dsl.validate;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * YAML's merge key {@code <<: *anchor}, which Flows' YAML reader does not expand: it reads a field named
 * {@code <<}. Only a plain {@code <<} is one: a quoted {@code "<<"} is a key like any other. Where a field is checked that is an unknown field (or a wrong type), whose message then says why;
 * where any field goes (a transform's {@code set}, a request body, {@code vars}) nothing would say so, and the
 * value silently gets a field named {@code <<}: a warning.
 */
final class MergeKeys {

    private static final String INSTEAD = "repeat the fields here, or keep what several steps share in vars"
            + " (${vars.name}) or in a connection profile";

    private MergeKeys() {
    }

    /** Adds the hint to the problems of every merge key (the paths in {@code found}), and warns of the others. */
    static void check(Set<String> found, List<Problem> problems, List<Problem> warnings) {
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
}
