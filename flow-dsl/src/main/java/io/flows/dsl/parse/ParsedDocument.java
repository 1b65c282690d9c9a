package io.flows.dsl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.validate.SourceLocation;
import java.util.Map;

/**
 * A flow document as a JSON tree, with the source location of every value by its path
 * ({@code steps[1].retry.maxAttempts}), and the text it came from.
 */
public record ParsedDocument(JsonNode root, Map<String, SourceLocation> locations, Format format, String text) {

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
