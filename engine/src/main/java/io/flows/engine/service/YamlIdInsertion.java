package io.flows.engine.service;

import java.util.Optional;

/**
 * Writes {@code id: <id>} into a YAML flow document that leaves it out, changing nothing else of its text: after a
 * {@code ---} document start (and the directives or comments before it), at the indentation of the root mapping,
 * or as the first entry of a root written in flow style ({@code {steps: [...]}}). The caller parses the result again
 * and checks that the root now has the id: this only finds the place, it does not parse YAML.
 */
final class YamlIdInsertion {

    private YamlIdInsertion() {
    }

    /** The text with the id written in, or empty when no place was found (a scalar or a list at the root, say). */
    static Optional<String> insert(String text, String id) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        String[] lines = text.split("\n", -1);
        int at = 0;
        int first = firstContent(lines, 0);
        if (first < lines.length && isDocumentStart(lines[first])) {
            String rest = lines[first].substring(3).strip();
            if (rest.startsWith("{")) {
                return intoFlowMapping(lines, first, newline, id);
            }
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                return Optional.empty();
            }
            at = first + 1;
            first = firstContent(lines, at);
        }
        if (first >= lines.length) {
            return Optional.empty();
        }
        String content = lines[first];
        String body = content.strip();
        if (body.startsWith("{")) {
            return intoFlowMapping(lines, first, newline, id);
        }
        if (body.startsWith("-") || body.startsWith("[") || body.startsWith("...")) {
            return Optional.empty();
        }
        String indent = content.substring(0, content.length() - content.stripLeading().length());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i == at) {
                out.append(indent).append("id: ").append(id).append(newline);
            }
            out.append(lines[i]);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return Optional.of(out.toString());
    }

    /** The first line at or after {@code from} that is not blank, a comment or a directive. */
    private static int firstContent(String[] lines, int from) {
        int i = from;
        while (i < lines.length) {
            String s = lines[i].strip();
            if (!s.isEmpty() && !s.startsWith("#") && !s.startsWith("%")) {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean isDocumentStart(String line) {
        return line.startsWith("---") && (line.length() == 3 || Character.isWhitespace(line.charAt(3)));
    }

    private static Optional<String> intoFlowMapping(String[] lines, int line, String newline, String id) {
        String l = lines[line];
        int brace = l.indexOf('{');
        String after = l.substring(brace + 1).strip();
        String entry = after.startsWith("}") ? "id: " + id : "id: " + id + ", ";
        lines[line] = l.substring(0, brace + 1) + entry + l.substring(brace + 1);
        return Optional.of(String.join("\n", lines));
    }
}
