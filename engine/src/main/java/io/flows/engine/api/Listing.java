package io.flows.engine.api;

import java.util.Collection;

/** The checks shared by list endpoints: a {@code status} filter from a known set and a {@code limit}. */
public final class Listing {

    public static final int MAX_LIMIT = 1000;

    private Listing() {
    }

    static void check(String status, Collection<String> statuses, int limit) {
        if (status != null && !statuses.contains(status.toUpperCase())) {
            throw ApiProblem.badRequest("status must be one of " + String.join(", ", statuses));
        }
        checkLimit(limit);
    }

    /** @throws ApiProblem 400 unless 1 &le; limit &le; {@link #MAX_LIMIT} */
    public static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest(limitOutOfRange(Integer.toString(limit)));
        }
    }

    /**
     * The one answer to a limit out of range, whether it fits an int ({@code 0}, {@code 1001}) or not
     * ({@code 9999999999999}, which the framework fails to bind, see {@link ProblemHandler}).
     */
    static String limitOutOfRange(String given) {
        return "'limit' must be between 1 and " + MAX_LIMIT + ", not '" + given + "'";
    }
}
