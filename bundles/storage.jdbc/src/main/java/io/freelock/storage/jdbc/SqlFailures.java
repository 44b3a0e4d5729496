package io.freelock.storage.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import io.freelock.storage.JournalException;
import io.freelock.storage.JournalException.Kind;

/** How a {@link SQLException} becomes a {@link JournalException}, and what of it is worth telling an operator. */
final class SqlFailures {

    private SqlFailures() {
    }

    /**
     * @param doing what was being done, for which game, e.g. "appending v6..v9 to game 'g1'"
     * @param writing whether the work wrote rows: then an integrity violation means another writer got there first
     */
    static JournalException map(SQLException e, String doing, String gameId, long version, boolean writing) {
        if (isConnectionFailure(e)) {
            return new JournalException(Kind.UNAVAILABLE, gameId, version,
                    doing + ": the database connection failed: " + reason(e), e);
        }
        if (writing && isIntegrityViolation(e)) {
            return new JournalException(Kind.CONFLICT, gameId, version,
                    doing + ": another writer got there first (" + reason(e) + "); nothing was written", e);
        }
        return new JournalException(Kind.UNAVAILABLE, gameId, version, doing + ": " + reason(e), e);
    }

    /** @return whether the connection that raised {@code e} can no longer be trusted to work */
    static boolean isConnectionFailure(SQLException e) {
        for (SQLException each = e; each != null; each = nextOf(each)) {
            if (each instanceof SQLTransientConnectionException || each instanceof SQLNonTransientConnectionException
                    || each instanceof SQLRecoverableException
                    || (each.getSQLState() != null && each.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    /** @return whether {@code e} is SQLState class 23: a unique key, foreign key or other constraint refused a row */
    static boolean isIntegrityViolation(SQLException e) {
        String state = stateOf(e);
        return state != null && state.startsWith("23");
    }

    /**
     * @return whether {@code e} says a table does not exist: PostgreSQL's 42P01, ODBC's 42S02, and H2's 42S02 to 42S04
     *         (42S04 when the whole database is empty)
     */
    static boolean isUndefinedTable(SQLException e) {
        String state = stateOf(e);
        return "42P01".equals(state) || "42S02".equals(state) || "42S03".equals(state) || "42S04".equals(state);
    }

    /**
     * @return the database's own words: the message of the error that counts (a batch's first failed row rather than
     *         the batch), and the low-level cause a driver often hides behind a generic message ("The connection
     *         attempt failed." says nothing; UnknownHostException says it all)
     */
    static String reason(Throwable e) {
        Throwable shown = e instanceof BatchUpdateException && ((BatchUpdateException) e).getNextException() != null
                ? ((BatchUpdateException) e).getNextException() : e;
        String message = shown.getMessage() == null ? shown.getClass().getName() : shown.getMessage().strip();
        Throwable root = shown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != shown && !(root instanceof SQLException)
                && (root.getMessage() == null || !message.contains(root.getMessage()))) {
            message += " (" + root + ")";
        }
        return message;
    }

    private static String stateOf(SQLException e) {
        for (SQLException each = e; each != null; each = nextOf(each)) {
            if (each.getSQLState() != null) {
                return each.getSQLState();
            }
        }
        return null;
    }

    /** Drivers chain the real error either as the next exception (batches) or as the cause. */
    private static SQLException nextOf(SQLException e) {
        if (e.getNextException() != null && e.getNextException() != e) {
            return e.getNextException();
        }
        return e.getCause() instanceof SQLException && e.getCause() != e ? (SQLException) e.getCause() : null;
    }
}
