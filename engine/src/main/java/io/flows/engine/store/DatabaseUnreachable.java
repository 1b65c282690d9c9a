package io.flows.engine.store;

import io.flows.engine.Causes;
import io.micronaut.data.connection.exceptions.ConnectionException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Whether a failure is the database being out of reach: a passing outage, not a fault of what was being done. */
public final class DatabaseUnreachable {

    private DatabaseUnreachable() {
    }

    /**
     * No connection could be had (the pool's wait ran out, or the one it gave had been closed by the server) or the
     * one in use broke: SQLState class 08 is the standard's "connection exception"; PostgreSQL's 57P01 to 57P03 say
     * that the server ended the connection (shut down, crashed, or an operator terminated it) or cannot take one yet.
     */
    public static boolean in(Throwable failure) {
        return Causes.of(failure).anyMatch(t -> t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException || t instanceof ConnectionException
                || t instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0")));
    }

    /** The innermost cause, which names what refused: "Connection refused", "database ... is not accepting ...". */
    public static String reason(Throwable failure) {
        return Causes.of(failure).reduce((outer, inner) -> inner).map(String::valueOf).orElseThrow();
    }
}
