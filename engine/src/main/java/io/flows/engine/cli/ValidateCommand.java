package io.flows.engine.cli;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import io.flows.dsl.validate.Problem;
import io.flows.engine.runtime.FlowLoader;
import io.flows.steps.script.ScriptEngine;
import io.flows.steps.script.ScriptLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code flows validate FILE...}: every problem as {@code file:line:column: code: path: message}. */
@Command(name = "validate", description = "Check flow files; exit 2 and list every problem if any is invalid.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Flow files (.yaml, .yml or .json).")
    List<Path> files;

    @Override
    public Integer call() {
        int exit = Main.OK;
        try (ScriptEngine scripts = new ScriptEngine(ScriptLimits.defaults())) {
            FlowLoader loader = new FlowLoader(new FlowDsl(), scripts);
            for (Path file : files) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException e) {
                    System.err.println(file + ": cannot read: " + e.getMessage());
                    exit = Main.USAGE;
                    continue;
                }
                FlowDsl.Result r = loader.read(bytes, Format.fromFileName(file.toString()));
                if (r.valid()) {
                    System.out.println(file + ": valid");
                } else {
                    exit = Main.USAGE;
                    r.problems().forEach(p -> System.out.println(format(file, p)));
                }
                r.warnings().forEach(p -> System.out.println(formatWarning(file, p)));
            }
        }
        return exit;
    }

    static String format(Path file, Problem p) {
        return format(file, p, "");
    }

    static String formatWarning(Path file, Problem p) {
        return format(file, p, "warning: ");
    }

    /** {@code file:line:column: [label]CODE: path: message}, the shape compilers use, so editors can jump to it. */
    private static String format(Path file, Problem p, String label) {
        String where = p.line() == null ? file.toString() : file + ":" + p.line() + ":" + p.column();
        return where + ": " + label + p.code() + ": " + (p.path().isEmpty() ? "(document)" : p.path()) + ": " + p.message();
    }
}
