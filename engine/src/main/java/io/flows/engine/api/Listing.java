package io.flows.engine.api;

import java.util.Collection;

/** The checks shared by list endpoints: a {@code status} filter from a known set and a {@code limit}. */
final class Listing {

    static final int MAX_LIMIT = 1000;

    private Listing() {
    }

    static void check(String status, Collection<String> statuses, int limit) {
        if (status != null && !statuses.contains(status.toUpperCase())) {
            throw ApiProblem.badRequest("status must be one of " + String.join(", ", statuses));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
