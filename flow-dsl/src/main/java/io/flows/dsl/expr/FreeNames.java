package io.flows.dsl.expr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a JavaScript expression reads from its surroundings ({@code input} and {@code Math} in
 * {@code ${input.items.map(i => Math.abs(i.qty))}}), found by reading its tokens rather than by parsing it.
 *
 * <p>It errs towards finding too few: property names, object keys, keywords and every name the expression
 * binds itself (arrow and function parameters, {@code let}/{@code const}/{@code var}, {@code catch}) are left
 * out, a bound name wherever it appears. Text that does not parse gives some answer and never an exception;
 * the JavaScript parser reports it.
 */
public final class FreeNames {

    /** Reserved words, literals and the contextual keywords that read like names ({@code get x() {}}). */
    static final Set<String> KEYWORDS = Set.of(
            "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
            "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
            "instanceof", "let", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
            "typeof", "var", "void", "while", "with", "yield", "implements", "interface", "package", "private",
            "protected", "public", "static", "async", "of", "get", "set", "arguments");

    /**
     * The global names of the script sandbox: ECMA-262 2025's global object (with Annex B's escape and unescape),
     * ECMA-402's Intl, and {@code console}; not SharedArrayBuffer, Atomics, WeakRef and FinalizationRegistry, which
     * the sandbox removes. The steps module's tests hold the list to what the sandbox defines.
     */
    public static final Set<String> JS_GLOBALS = Set.of(
            "globalThis", "Infinity", "NaN", "undefined",
            "eval", "isFinite", "isNaN", "parseFloat", "parseInt",
            "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape",
            "AggregateError", "Array", "ArrayBuffer", "BigInt", "BigInt64Array", "BigUint64Array", "Boolean",
            "DataView", "Date", "Error", "EvalError", "Float16Array", "Float32Array", "Float64Array", "Function", "Int8Array",
            "Int16Array", "Int32Array", "Iterator", "Map", "Number", "Object", "Promise", "Proxy", "RangeError",
            "ReferenceError", "RegExp", "Set", "String", "Symbol", "SyntaxError", "TypeError", "Uint8Array",
            "Uint8ClampedArray", "Uint16Array", "Uint32Array", "URIError", "WeakMap", "WeakSet",
            "JSON", "Math", "Reflect", "Intl", "console");

    /** A free name and where it starts in the source. */
    public record Name(String name, int offset) {
    }

    private enum Type { NAME, PUNCT, VALUE }

    private record Token(Type type, String text, int offset, char enclosing) {
    }

    private FreeNames() {
    }

    /** The free names of {@code source}, in order, each name once (at its first use). */
    public static List<Name> in(String source) {
        List<Token> tokens = new ArrayList<>();
        new Lexer(source, 0, tokens).run();
        Set<String> bound = bound(tokens);
        Set<String> seen = new HashSet<>();
        List<Name> free = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.NAME && !KEYWORDS.contains(t.text()) && !bound.contains(t.text())
                    && !isProperty(tokens, i) && !isKey(tokens, i) && seen.add(t.text())) {
                free.add(new Name(t.text(), t.offset()));
            }
        }
        return free;
    }

    /** {@code a.name}, {@code a?.name}; and a name right before another ({@code get x}, a label's use). */
    private static boolean isProperty(List<Token> tokens, int i) {
        Token prev = i > 0 ? tokens.get(i - 1) : null;
        return prev != null && (prev.text().equals(".") || prev.text().equals("?.") || prev.type() == Type.NAME
                && !KEYWORDS.contains(prev.text()));
    }

    /** {@code {name: ...}} and a method {@code {name() {...}}}: keys, not reads. */
    private static boolean isKey(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        Token prev = i > 0 ? tokens.get(i - 1) : null;
        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        return t.enclosing() == '{' && prev != null && (prev.text().equals("{") || prev.text().equals(","))
                && next != null && (next.text().equals(":") || next.text().equals("("));
    }

    /** Every name the expression binds, wherever it binds it. */
    private static Set<String> bound(List<Token> tokens) {
        Set<String> bound = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String text = tokens.get(i).text();
            if (text.equals("=>") && i > 0) {
                Token prev = tokens.get(i - 1);
                if (prev.type() == Type.NAME) {
                    bound.add(prev.text());
                } else if (prev.text().equals(")")) {
                    namesBetween(tokens, matchingOpen(tokens, i - 1), i - 1, bound);
                }
            } else if (text.equals("function") || text.equals("catch") || text.equals("class")) {
                int j = i + 1;
                if (j < tokens.size() && tokens.get(j).type() == Type.NAME) {
                    bound.add(tokens.get(j).text());
                    j++;
                }
                if (!text.equals("class") && j < tokens.size() && tokens.get(j).text().equals("(")) {
                    namesBetween(tokens, j, matchingClose(tokens, j), bound);
                }
            } else if ((text.equals("let") || text.equals("const") || text.equals("var")) && i + 1 < tokens.size()) {
                Token next = tokens.get(i + 1);
                if (next.type() == Type.NAME) {
                    bound.add(next.text());
                } else if (next.text().equals("{") || next.text().equals("[")) {
                    namesBetween(tokens, i + 1, matchingClose(tokens, i + 1), bound);
                }
            }
        }
        return bound;
    }

    private static void namesBetween(List<Token> tokens, int from, int to, Set<String> into) {
        for (int k = Math.max(0, from); k <= to && k < tokens.size(); k++) {
            if (tokens.get(k).type() == Type.NAME) {
                into.add(tokens.get(k).text());
            }
        }
    }

    private static int matchingOpen(List<Token> tokens, int close) {
        int depth = 0;
        for (int k = close; k >= 0; k--) {
            String t = tokens.get(k).text();
            if (t.equals(")") || t.equals("]") || t.equals("}")) {
                depth++;
            } else if ((t.equals("(") || t.equals("[") || t.equals("{")) && --depth == 0) {
                return k;
            }
        }
        return 0;
    }

    private static int matchingClose(List<Token> tokens, int open) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            String t = tokens.get(k).text();
            if (t.equals("(") || t.equals("[") || t.equals("{")) {
                depth++;
            } else if ((t.equals(")") || t.equals("]") || t.equals("}")) && --depth == 0) {
                return k;
            }
        }
        return tokens.size() - 1;
    }

    /** Splits source into names, punctuators and values (numbers, strings, regular expressions, template text). */
    private static final class Lexer {
        private final String s;
        private final int base;
        private final List<Token> out;
        private final Deque<Character> brackets = new ArrayDeque<>();
        private int i;

        Lexer(String s, int base, List<Token> out) {
            this.s = s;
            this.base = base;
            this.out = out;
        }

        void run() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (s.startsWith("//", i)) {
                    i = lineEnd();
                } else if (s.startsWith("/*", i)) {
                    int end = s.indexOf("*/", i + 2);
                    i = end < 0 ? s.length() : end + 2;
                } else if (c == '\'' || c == '"') {
                    int start = i;
                    i = quoteEnd(i, c);
                    add(Type.VALUE, start);
                } else if (c == '`') {
                    templateLiteral();
                } else if (c == '/' && regexMayStart()) {
                    int start = i;
                    i = regexEnd();
                    add(Type.VALUE, start);
                } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) {
                        i++;
                    }
                    add(Type.VALUE, start);
                } else if (c == '#' || Character.isJavaIdentifierStart(c) || c == '\\') {
                    int start = i;
                    i++;
                    while (i < s.length() && (Character.isJavaIdentifierPart(s.charAt(i)) || s.charAt(i) == '\\')) {
                        i++;
                    }
                    // #private names are members; a name with escapes (\u0061) is rare enough to leave alone
                    add(c == '#' || s.substring(start, i).contains("\\") ? Type.VALUE : Type.NAME, start);
                } else {
                    punctuator(c);
                }
            }
        }

        private void punctuator(char c) {
            int start = i;
            if (s.startsWith("...", i)) {
                i += 3;
            } else if (s.startsWith("=>", i) || s.startsWith("?.", i) && !(i + 2 < s.length() && Character.isDigit(s.charAt(i + 2)))) {
                i += 2;
            } else {
                i++;
            }
            if (c == '(' || c == '[' || c == '{') {
                add(Type.PUNCT, start);
                brackets.push(c);
                return;
            }
            if ((c == ')' || c == ']' || c == '}') && !brackets.isEmpty()) {
                brackets.pop();
            }
            add(Type.PUNCT, start);
        }

        /** Its text is a value; each {@code ${...}} in it is an expression of its own, read in parentheses. */
        private void templateLiteral() {
            int start = i;
            i++;
            add(Type.VALUE, start);
            while (i < s.length() && s.charAt(i) != '`') {
                if (s.charAt(i) == '\\') {
                    i += 2;
                } else if (s.startsWith("${", i)) {
                    int close = closingBrace(i + 2);
                    out.add(new Token(Type.PUNCT, "(", base + i, enclosing()));
                    brackets.push('(');
                    new Lexer(s.substring(i + 2, close), base + i + 2, out).inside(brackets).run();
                    brackets.pop();
                    out.add(new Token(Type.PUNCT, ")", base + close, enclosing()));
                    i = close + 1;
                } else {
                    i++;
                }
            }
            i = Math.min(s.length(), i + 1);
        }

        private Lexer inside(Deque<Character> outer) {
            brackets.addAll(outer);
            return this;
        }

        /** The '}' closing a template literal's {@code ${}, by the same rules as {@link Template}. */
        private int closingBrace(int from) {
            int depth = 0;
            for (int k = from; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c == '\'' || c == '"') {
                    k = quoteEnd(k, c) - 1;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && depth-- == 0) {
                    return k;
                }
            }
            return s.length();
        }

        /** A '/' starts a regular expression where a value is expected: first, or after an operator or keyword. */
        private boolean regexMayStart() {
            if (out.isEmpty()) {
                return true;
            }
            Token prev = out.get(out.size() - 1);
            return switch (prev.type()) {
                case VALUE -> false;
                case NAME -> KEYWORDS.contains(prev.text()) && !prev.text().equals("this") && !prev.text().equals("super");
                case PUNCT -> !(prev.text().equals(")") || prev.text().equals("]") || prev.text().equals("}"));
            };
        }

        private int regexEnd() {
            boolean inClass = false;
            int k = i + 1;
            for (; k < s.length() && s.charAt(k) != '\n'; k++) {
                char c = s.charAt(k);
                if (c == '\\') {
                    k++;
                } else if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (c == '/' && !inClass) {
                    k++;
                    break;
                }
            }
            while (k < s.length() && Character.isLetter(s.charAt(k))) {
                k++;
            }
            return Math.min(k, s.length());
        }

        private int quoteEnd(int open, char quote) {
            for (int k = open + 1; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c == '\\') {
                    k++;
                } else if (c == quote || c == '\n') {
                    return k + 1;
                }
            }
            return s.length();
        }

        private int lineEnd() {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end;
        }

        private char enclosing() {
            return brackets.isEmpty() ? ' ' : brackets.peek();
        }

        private void add(Type type, int start) {
            out.add(new Token(type, s.substring(start, Math.min(i, s.length())), base + start, enclosing()));
        }
    }
}
