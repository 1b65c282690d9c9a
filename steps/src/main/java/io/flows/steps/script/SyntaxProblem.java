package io.flows.steps.script;

/** A syntax error in a script or expression; {@code line} and {@code column} are 1-based within its text. */
public record SyntaxProblem(String message, int line, int column) {

    @Override
    public String toString() {
        return message + " (line " + line + ", column " + column + ")";
    }
}
