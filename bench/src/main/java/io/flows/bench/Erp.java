package io.flows.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A running ERP stub as the benchmark sees it: its port and the CPU time it has used. */
abstract class Erp implements AutoCloseable {

    abstract int port();

    /** CPU time used by the stub so far, or -1 when it cannot be told apart from the benchmark's. */
    abstract long cpuNanos();

    @Override
    public abstract void close();

    static Erp start(String mode) throws IOException {
        return switch (mode) {
            case "process" -> separateProcess();
            case "inline" -> inline();
            default -> throw new IllegalArgumentException("--erp must be 'process' or 'inline', was " + mode);
        };
    }

    /** The stub in this JVM: it competes with the engine for the same CPUs, heap and GC. */
    static Erp inline() throws IOException {
        ErpServer server = new ErpServer(2);
        return new Erp() {
            @Override int port() { return server.port(); }
            @Override long cpuNanos() { return -1; }
            @Override public void close() { server.close(); }
        };
    }

    /** The stub in its own small JVM, so its GC, JIT and threads stay out of the engine's figures. */
    static Erp separateProcess() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-D" + ErpServer.NODELAY + "=true", "-cp",
                System.getProperty("java.class.path"), ErpServer.class.getName(), "2"))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("ERP_PORT=")) {
            p.destroyForcibly();
            throw new IOException("the ERP stub did not start: " + line);
        }
        int port = Integer.parseInt(line.substring("ERP_PORT=".length()));
        return new Erp() {
            @Override int port() { return port; }

            @Override long cpuNanos() {
                return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            }

            @Override public void close() {
                try {
                    p.getOutputStream().close();
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (IOException | InterruptedException e) {
                    p.destroyForcibly();
                }
            }
        };
    }
}
