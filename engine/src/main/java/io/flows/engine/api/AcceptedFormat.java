package io.flows.engine.api;

import java.util.List;

/**
 * Which of a flow's two forms an {@code Accept} header asks for, read as RFC 9110 says ({@link MediaRanges}: wildcards,
 * quality values, {@code q=0}): YAML when a YAML type is accepted with a higher quality than JSON, JSON otherwise
 * ({@code application/*} and {@code *}{@code /*} accept both alike; {@code text/*} only YAML).
 */
final class AcceptedFormat {

    private static final List<String> YAML = List.of("application/yaml", "text/yaml", "application/x-yaml",
            "text/x-yaml", "application/yml", "text/yml");

    private AcceptedFormat() {
    }

    static boolean prefersYaml(String accept) {
        MediaRanges ranges = MediaRanges.parse(accept);
        if (ranges.isEmpty()) {
            return false;
        }
        double yaml = YAML.stream().mapToDouble(ranges::quality).max().orElse(0);
        return yaml > ranges.quality("application/json");
    }
}
