package io.flows.steps.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.model.DurationText;
import io.flows.steps.StepFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;

/** Builds the {@link StepFailure}s of the HTTP connector, with details that say what was called. */
final class Failures {

    static final String CONNECT_FAILED = "CONNECT_FAILED";
    static final String DNS_FAILED = "DNS_FAILED";
    static final String HOST_DENIED = "HOST_DENIED";
    static final String STEP_TIMEOUT = "STEP_TIMEOUT";
    static final String BAD_REQUEST = "BAD_REQUEST";
    static final String RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";
    static final String CANCELLED = "CANCELLED";
    static final String RESPONSE_MEMORY_FULL = "RESPONSE_MEMORY_FULL";

    private Failures() {
    }

    static ObjectNode details(String method, TargetUrl url) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        if (method != null) {
            details.put("method", method);
        }
        if (url != null) {
            details.put("url", url.toString());
            details.put("host", url.host());
            details.put("port", url.port());
        }
        return details;
    }

    /** A size for people: {@code 81.2 MB}. */
    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    static StepFailure badRequest(String message, ObjectNode details) {
        return new StepFailure(BAD_REQUEST, message, details, false);
    }

    static StepFailure timeout(long timeoutMs, ObjectNode details) {
        details.put("timeoutMs", timeoutMs);
        String url = details.path("url").asText("the partner");
        return new StepFailure(STEP_TIMEOUT, "Call to " + url + " did not finish within "
                + DurationText.format(Duration.ofMillis(timeoutMs)),
                details, true);
    }

    static StepFailure denied(DeniedHostException e, ObjectNode details) {
        details.put("host", e.host());
        if (e.address() != null) {
            details.put("address", e.address());
        }
        details.put("reason", e.reason());
        return new StepFailure(HOST_DENIED, e.getMessage(), details, false);
    }

    /** The most bytes a line of an answer's head (its status line, a header, a chunk's size line) may have. */
    static final int MAX_HEAD_LINE_BYTES = 8192;
    /** The most header fields an answer may have. */
    static final int MAX_HEADERS = 100;

    /**
     * An answer whose head passes the client's limits: permanent, as sending the call again brings the same head (it
     * was retried as a broken connection).
     */
    private static StepFailure headTooLarge(MessageConstraintException e, TargetUrl url, ObjectNode details) {
        boolean count = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("header count");
        details.put("cause", String.valueOf(e.getMessage()));
        if (count) {
            details.put("maxHeaders", MAX_HEADERS);
        } else {
            details.put("maxHeaderLineBytes", MAX_HEAD_LINE_BYTES);
        }
        return new StepFailure(RESPONSE_TOO_LARGE, "Answer from " + url + ": " + (count
                ? "more than " + MAX_HEADERS + " header fields, the most Flows reads"
                : "a header (or chunk) line longer than " + MAX_HEAD_LINE_BYTES + " bytes, the longest Flows reads"),
                details, false);
    }

    /**
     * The failure for an exception from the client while calling {@code url}. A timeout before the
     * call's deadline is the connect or TLS handshake timeout, so it is a connection failure.
     */
    static StepFailure fromException(Throwable thrown, TargetUrl url, long timeoutMs, boolean deadlinePassed,
            ObjectNode details) {
        Throwable t = StepFailure.cause(thrown);
        String target = url.hostAndPort();
        if (t instanceof StepFailure failure) {
            return failure;
        }
        if (t instanceof DeniedHostException denied) {
            return denied(denied, details);
        }
        if (t instanceof UnknownHostException) {
            return new StepFailure(DNS_FAILED, "Host '" + url.host() + "' does not resolve", details, true);
        }
        if (t instanceof ResponseTooLargeException tooLarge) {
            details.put("maxResponseBytes", tooLarge.limit());
            return new StepFailure(RESPONSE_TOO_LARGE, "Answer from " + url + ": " + t.getMessage(), details, false);
        }
        if (t instanceof MessageConstraintException tooLong) {
            return headTooLarge(tooLong, url, details);
        }
        details.put("cause", String.valueOf(t.getMessage()));
        if (t instanceof ConnectTimeoutException) {
            return new StepFailure(CONNECT_FAILED, "Connection to " + target + " timed out", details, true);
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            String message = String.valueOf(t.getMessage()).toLowerCase().contains("refused")
                    ? "Connection to " + target + " refused"
                    : "Connection to " + target + " failed: " + t.getMessage();
            return new StepFailure(CONNECT_FAILED, message, details, true);
        }
        if (t instanceof SSLException) {
            return new StepFailure(CONNECT_FAILED, "TLS handshake with " + target + " failed: " + t.getMessage(),
                    details, true);
        }
        if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                || t instanceof InterruptedIOException) {
            return deadlinePassed
                    ? timeout(timeoutMs, details)
                    : new StepFailure(CONNECT_FAILED, "Connection to " + target + " timed out: " + t.getMessage(),
                            details, true);
        }
        if (t instanceof CancellationException) {
            return new StepFailure(CANCELLED, "Call to " + url + " was cancelled (the connector is closing)",
                    details, false);
        }
        if (t instanceof IOException) {
            return new StepFailure(CONNECT_FAILED, "Connection to " + target + " failed: " + t.getMessage(),
                    details, true);
        }
        if (t instanceof HttpException) {
            // the partner answered, but not in HTTP (a wrong port, a TLS or SSH server, a broken proxy); the
            // client's message quotes the start of what came back, which tells which
            String what = String.valueOf(t.getMessage()).replaceAll("\\p{Cntrl}", "?");
            return new StepFailure(CONNECT_FAILED, "The answer from " + target + " is not HTTP: "
                    + (what.length() > 200 ? what.substring(0, 200) + "..." : what), details, true);
        }
        String why = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        return new StepFailure(CONNECT_FAILED, "Call to " + url + " failed: " + why, details, true);
    }
}
