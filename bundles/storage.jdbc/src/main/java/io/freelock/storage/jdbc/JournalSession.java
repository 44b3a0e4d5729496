package io.freelock.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One journal's JDBC connection, opened on first use and again after it failed, and the transactions on it. Every
 * call is one transaction, committed, or rolled back on failure (and the connection dropped if even that fails), so
 * none leaves a transaction open.
 *
 * <p>A JDBC connection is not thread-safe, so transactions are serialized by a lock. Unlike the engine's hot paths
 * this is I/O code that waits for the database anyway: a lock costs nothing next to a round trip, and callers that
 * need throughput batch their rows.
 */
final class JournalSession {

    /** One unit of work in a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * A connection idle this long is checked before use: a database restart or a firewall may have cut it meanwhile,
     * and one round trip to find out spares the caller a failure. A busy connection is not checked; if it is cut, that
     * call fails and the next one connects again.
     */
    private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int VALID_CHECK_SECONDS = 5;

    private final JdbcJournalStore store;
    private final String gameId;
    /** Runs, and commits, on each new connection before anything else. */
    private final Work<Void> onConnect;

    private final ReentrantLock lock = new ReentrantLock();
    private Database database; // guarded by lock: what the connection was opened through
    private Connection connection; // guarded by lock; null until used, and after a failure
    private long lastUsedNanos; // guarded by lock

    JournalSession(JdbcJournalStore store, String gameId, Work<Void> onConnect) {
        this.store = store;
        this.gameId = gameId;
        this.onConnect = onConnect;
    }

    /**
     * Runs {@code work} in one transaction and commits it; on any failure rolls it back (dropping the connection if
     * it failed) and throws.
     *
     * @param doing what is being done, for which game, for messages
     * @param version the version concerned, for the exception, or -1
     * @param writing whether {@code work} writes rows (then an integrity violation is a CONFLICT)
     * @throws IllegalStateException if called from within {@code work} (a read's consumer calling its journal):
     *         it would commit the running transaction under it
     */
    <T> T transaction(String doing, long version, boolean writing, Work<T> work) {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException(doing + ": called from within a read of game '" + gameId + "'");
        }
        lock.lock();
        try {
            Connection c = connection(doing);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                if (SqlFailures.isConnectionFailure(e)) {
                    database.lost(SqlFailures.reason(e));
                    dropConnection(); // the database rolls back what a lost connection left open
                } else {
                    abort(c);
                }
                throw SqlFailures.map(e, doing, gameId, version, writing);
            } catch (RuntimeException | Error e) {
                abort(c);
                throw e;
            }
        } finally {
            lastUsedNanos = System.nanoTime();
            lock.unlock();
        }
    }

    /** Closes the connection, if any; the next transaction connects again, through the store's database of then. */
    void disconnect() {
        lock.lock();
        try {
            dropConnection();
        } finally {
            lock.unlock();
        }
    }

    private Connection connection(String doing) {
        Database current = store.database(gameId, doing);
        if (connection != null && (current != database || idleAndBroken())) {
            dropConnection();
        }
        if (connection == null) {
            Connection fresh = current.connect(doing, gameId);
            try {
                onConnect.run(fresh);
                fresh.commit();
            } catch (SQLException e) {
                Database.closeQuietly(fresh);
                throw SqlFailures.map(e, doing, gameId, -1, false);
            } catch (RuntimeException e) {
                Database.closeQuietly(fresh);
                throw e;
            }
            connection = fresh;
            database = current;
        }
        return connection;
    }

    private boolean idleAndBroken() {
        if (System.nanoTime() - lastUsedNanos < IDLE_CHECK_NANOS) {
            return false;
        }
        try {
            return !connection.isValid(VALID_CHECK_SECONDS);
        } catch (SQLException e) {
            return true;
        }
    }

    /** Ends a failed transaction; a connection that cannot even roll back is dropped. */
    private void abort(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            dropConnection();
        }
    }

    private void dropConnection() {
        Database.closeQuietly(connection);
        connection = null;
        database = null;
    }
}
