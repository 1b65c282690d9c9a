package io.flows.engine.secrets;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Runs logging as the service ships it (main {@code logback.xml}, INFO for io.flows) and keeps a copy of
 * everything written to stderr, so a test can search the log lines as an operator would see them.
 */
final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final PrintStream original = System.err;

    LogCapture() {
        System.setErr(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
        configure(LogCapture.class.getClassLoader().getResource("logback.xml"));
    }

    String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        configure(LogCapture.class.getClassLoader().getResource("logback-test.xml"));
        System.setErr(original);
    }

    private static void configure(URL config) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(context);
        try {
            c.doConfigure(config);
        } catch (Exception e) {
            throw new IllegalStateException("logging could not be configured from " + config, e);
        }
    }

    private final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            synchronized (copy) {
                b.write(x);
            }
            a.write(x);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            synchronized (copy) {
                b.write(bytes, off, len);
            }
            a.write(bytes, off, len);
        }
    }
}
