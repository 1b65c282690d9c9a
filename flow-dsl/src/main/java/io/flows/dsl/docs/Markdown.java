package io.flows.dsl.docs;

/** Escaping for declaration text placed into Markdown. */
final class Markdown {

    private Markdown() {
    }

    /**
     * Text for a paragraph: {@code <} and {@code >} outside code spans become entities, so
     * {@code steps.<id>} is not read as an HTML tag; code spans are left as written.
     */
    static String text(String s) {
        String[] parts = s.split("`", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append('`');
            }
            out.append(i % 2 == 0 ? parts[i].replace("<", "&lt;").replace(">", "&gt;") : parts[i]);
        }
        return out.toString();
    }

    /** Text for a table cell: also keeps {@code |} and line breaks from ending the cell or row. */
    static String cell(String s) {
        return text(s).replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }
}
