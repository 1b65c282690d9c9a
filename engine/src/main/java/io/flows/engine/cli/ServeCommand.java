package io.flows.engine.cli;

import picocli.CommandLine.Command;

/** {@code flows serve}: the same as no arguments (listed here so that --help shows it). */
@Command(name = "serve", description = "Start the service: REST API on port 8080 (MICRONAUT_SERVER_PORT changes it).")
final class ServeCommand implements Runnable {

    @Override
    public void run() {
        io.flows.engine.Application.serve();
    }
}
