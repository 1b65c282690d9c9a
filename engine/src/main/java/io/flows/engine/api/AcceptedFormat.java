package io.flows.engine.api;

import java.util.Locale;

/**
 * Which of a flow's two forms an {@code Accept} header asks for, quality values included: YAML when a YAML type
 * is accepted with a higher quality than JSON (or anything else), JSON otherwise.
 */
final class AcceptedFormat {

    private AcceptedFormat() {
    }

    static boolean prefersYaml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double yaml = 0;
        double json = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.endsWith("/yaml") || type.endsWith("/x-yaml") || type.endsWith("/yml")) {
                yaml = Math.max(yaml, q);
            } else if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
                json = Math.max(json, q);
            }
        }
        return yaml > json;
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String p = parameters[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    return Math.max(0, Math.min(1, Double.parseDouble(p.substring(2).trim())));
                } catch (NumberFormatException e) {
                    return 1; // a malformed weight counts as the default rather than refusing the request
                }
            }
        }
        return 1;
    }
}
