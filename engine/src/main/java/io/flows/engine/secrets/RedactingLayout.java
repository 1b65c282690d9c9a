package io.flows.engine.secrets;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * A logback pattern layout that masks secrets in the whole formatted line: message, arguments, MDC and the
 * stack trace of an exception alike.
 */
public class RedactingLayout extends PatternLayout {

    @Override
    public String doLayout(ILoggingEvent event) {
        return Redactor.shared().redact(super.doLayout(event));
    }
}
