package io.flows.dsl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.validate.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A flow document as a JSON tree, with the source location of every value by its path
 * ({@code steps[1].retry.maxAttempts}), and the text it came from.
 *
 * @param retyped the unquoted YAML values that YAML 1.1 (which Flows followed before) reads otherwise than the
 *                YAML 1.2 Flows follows now, e.g. {@code vars.notify: off (was false)}; empty for JSON
 * @param mergeKeys the paths of the keys written as a plain YAML {@code <<}: merge keys, which Flows does not
 *                expand (a quoted {@code "<<"} is a key like any other); empty for JSON
 * @param ignoredTags by path, why the YAML tag of a value is ignored ({@code !Ref}, {@code !!binary}, a
 *                {@code !!bool} on text): Flows reads plain JSON values, and the value is read as if untagged; empty
 *                for JSON
 */
public record ParsedDocument(JsonNode root, Map<String, SourceLocation> locations, Format format, String text,
                             List<String> retyped, Set<String> mergeKeys, Map<String, String> ignoredTags) {

    public ParsedDocument(JsonNode root, Map<String, SourceLocation> locations, Format format, String text) {
        this(root, locations, format, text, List.of(), Set.of(), Map.of());
    }

    /** The location of {@code path}, or of its nearest ancestor that has one. */
    public SourceLocation locate(String path) {
        String p = path;
        while (true) {
            SourceLocation l = locations.get(p);
            if (l != null || p.isEmpty()) {
                return l;
            }
            p = Paths.parent(p);
        }
    }
}
