package io.flows.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flows} command line: the same jar validates and runs flow files.
 * Exit codes: 0 success, 1 the run failed, 2 bad usage or an invalid file.
 */
@Command(name = "flows", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "flows 0.1.0",
        description = "Flows: visual workflow automation on Apache Camel.",
        subcommands = {ServeCommand.class, ValidateCommand.class, RunCommand.class, ExportCommand.class, ImportCommand.class,
                TokenCommand.class})
public final class Main implements Runnable {

    static final int OK = 0;
    static final int RUN_FAILED = 1;
    static final int USAGE = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** No arguments, or {@code serve}: the service. Anything else: a command that exits. */
    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("serve") && !asksForHelp(args)) {
            io.flows.engine.Application.serve(args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // commands print their results on stdout; keep the service's progress log out of it
        System.setProperty("FLOWS_LOG_LEVEL", "WARN");
        System.exit(execute(args));
    }

    private static boolean asksForHelp(String[] args) {
        return java.util.Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help"));
    }

    /** Runs the command line without exiting (for tests). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // "--input @file.json" is ours to read; picocli would otherwise treat it as an argument file
        cli.setExpandAtFiles(false);
        cli.setExitCodeExceptionMapper(e -> USAGE);
        cli.setParameterExceptionHandler((e, a) -> {
            cli.getErr().println(e.getMessage());
            e.getCommandLine().usage(cli.getErr());
            return USAGE;
        });
        return cli.execute(args);
    }
}
