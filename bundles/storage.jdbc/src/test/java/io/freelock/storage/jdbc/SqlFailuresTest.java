package io.freelock.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnknownHostException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import io.freelock.storage.JournalException;
import io.freelock.storage.JournalException.Kind;

class SqlFailuresTest {

    @Test
    void connectionFailuresAreUnavailableWhateverTheyAreCalled() {
        for (SQLException e : new SQLException[] {new SQLException("I/O error", "08006"),
                new SQLTransientConnectionException("timed out"), new SQLNonTransientConnectionException("closed"),
                new SQLRecoverableException("gone"),
                new SQLException("wrapped", "HY000", new SQLException("x", "08001"))}) {
            assertTrue(SqlFailures.isConnectionFailure(e), e::toString);
            JournalException mapped = SqlFailures.map(e, "appending v3..v4 to game 'g1'", "g1", 3, true);
            assertEquals(Kind.UNAVAILABLE, mapped.kind());
            assertEquals(3, mapped.version());
            assertTrue(mapped.getMessage().startsWith("UNAVAILABLE: appending v3..v4 to game 'g1': the database "
                    + "connection failed: " + e.getMessage()), mapped.getMessage());
        }
        assertFalse(SqlFailures.isConnectionFailure(new SQLException("syntax", "42000")));
    }

    @Test
    void anIntegrityViolationIsAConflictOnlyWhenWriting() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertEquals(Kind.CONFLICT, SqlFailures.map(duplicate, "appending", "g1", 5, true).kind());
        assertEquals(Kind.UNAVAILABLE, SqlFailures.map(duplicate, "reading", "g1", 5, false).kind());
        JournalException other = SqlFailures.map(new SQLException("disk full", "53100"), "appending", "g1", 5, true);
        assertEquals(Kind.UNAVAILABLE, other.kind());
        assertEquals("UNAVAILABLE: appending: disk full", other.getMessage());
    }

    @Test
    void theReasonIsTheDatabasesOwnWordsWithTheHiddenCause() {
        SQLException row = new SQLException("duplicate key (game_id, version)=(g1, 7)", "23505");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "23505", new int[0]);
        batch.setNextException(row);
        assertEquals(row.getMessage(), SqlFailures.reason(batch));
        assertTrue(SqlFailures.isIntegrityViolation(batch));

        SQLException hidden = new SQLException("The connection attempt failed.", "08001",
                new UnknownHostException("db.invalid"));
        assertEquals("The connection attempt failed. (java.net.UnknownHostException: db.invalid)",
                SqlFailures.reason(hidden));
    }
}
