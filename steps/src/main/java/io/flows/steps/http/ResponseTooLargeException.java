package io.flows.steps.http;

import java.io.IOException;

/** Raised while reading an answer whose body passes the size limit; it aborts the exchange. */
final class ResponseTooLargeException extends IOException {

    private final long limit;

    ResponseTooLargeException(long limit, long announced) {
        super(announced > 0
                ? "Answer announces " + announced + " bytes, more than the limit of " + limit + " bytes"
                : "Answer is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
