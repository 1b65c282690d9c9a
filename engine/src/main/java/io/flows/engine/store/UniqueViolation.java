package io.flows.engine.store;

import java.sql.SQLException;
import java.util.Locale;

/** Whether a database failure comes from a duplicate key: the SQL state is all that H2 and PostgreSQL share. */
public final class UniqueViolation {

    private UniqueViolation() {
    }

    /** Whether {@code e} comes from a duplicate key, in the unique index {@code index} when that is not null. */
    public static boolean in(Throwable e, String index) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                // both databases name the index in the message
                return index == null || String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains(index);
            }
        }
        return false;
    }
}
