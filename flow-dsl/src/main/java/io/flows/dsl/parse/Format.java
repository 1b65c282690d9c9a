package io.flows.dsl.parse;

import java.util.Locale;

/** The two notations of a flow document. */
public enum Format {
    JSON, YAML;

    /** From a media type such as {@code application/yaml; charset=utf-8}; JSON when unknown. */
    public static Format fromMediaType(String mediaType) {
        String m = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        return m.contains("yaml") || m.contains("yml") ? YAML : JSON;
    }

    /** Whether a file name names a flow document: {@code .yaml}, {@code .yml} or {@code .json}, in any case. */
    public static boolean isFlowFile(String name) {
        return name.toLowerCase(Locale.ROOT).matches(".*\\.(ya?ml|json)");
    }

    /** From a file name: {@code .json} is JSON, anything else YAML. */
    public static Format fromFileName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }
}
