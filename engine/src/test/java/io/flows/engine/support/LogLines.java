package io.flows.engine.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines one class logs at INFO and above while this is open (the tests' root level is WARN), as an operator
 * would read them; of every service in this JVM.
 */
public final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    public LogLines(Class<?> of) {
        this(of.getName());
    }

    /** For a class this package cannot see, by its name. */
    public LogLines(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
    }

    /** The messages logged so far, formatted. */
    public List<String> messages() {
        synchronized (lines) {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
        logger.setLevel(null);
    }
}
