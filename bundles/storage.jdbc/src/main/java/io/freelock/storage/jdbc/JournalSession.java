package io.freelock.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

import io.freelock.storage.JournalException;

/**
 * One journal's transactions, each on a connection borrowed from its store's {@link ConnectionPool} for that
 * transaction only: committed, or rolled back on failure (and the connection closed if it failed), so none leaves a
 * transaction open and a journal holds no connection between calls.
 *
 * <p>The first transaction in a database (the store's first, or the first after a reconfiguration) is preceded by
 * the journal's registration there ({@code onRegister}, in a transaction of its own). A journal's own calls are
 * serialized by a lock, which also tells a read's consumer calling its journal; I/O waits for the database anyway,
 * so the lock costs nothing next to a round trip.
 */
final class JournalSession {

    /** One unit of work in a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final JdbcJournalStore store;
    private final String gameId;
    /** Registers the journal's game in a database (or checks it against the record there); committed by the caller. */
    private final Work<Void> onRegister;

    private final ReentrantLock lock = new ReentrantLock();
    /**
     * The database the game was last registered in; null until then, and after {@link #forget}. Volatile: the store's
     * group commit reads it without this session's lock.
     */
    private volatile Database registeredIn;

    JournalSession(JdbcJournalStore store, String gameId, Work<Void> onRegister) {
        this.store = store;
        this.gameId = gameId;
        this.onRegister = onRegister;
    }

    /**
     * Runs {@code work} in one transaction and commits it; on any failure rolls it back (closing the connection if
     * it failed) and throws.
     *
     * @param doing what is being done, for which game, for messages
     * @param version the version concerned, for the exception, or -1
     * @param writing whether {@code work} writes rows (then an integrity violation is a CONFLICT)
     * @throws IllegalStateException if called from within {@code work} (a read's consumer calling its journal)
     */
    <T> T transaction(String doing, long version, boolean writing, Work<T> work) {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException(doing + ": called from within a read of game '" + gameId + "'");
        }
        lock.lock();
        try {
            Database database = registered(doing);
            return run(database, gameId, doing, version, writing, work);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return the store's database now, the game registered in it (registering it first if it was not)
     * @throws JournalException UNAVAILABLE if the store is closed or the database cannot be used; MISMATCH if it
     *         holds the game under another type or genesis
     */
    Database registered(String doing) {
        Database current = store.database(gameId, doing);
        if (registeredIn != current) {
            run(current, gameId, doing, -1, false, onRegister);
            registeredIn = current;
        }
        return current;
    }

    /** The next transaction registers the game again (checking it against the database's record). */
    void forget() {
        registeredIn = null;
    }

    /**
     * One transaction of {@code work} on a connection borrowed from {@code database}'s pool.
     *
     * @param gameId the game concerned, for the exception, or null if several are
     */
    static <T> T run(Database database, String gameId, String doing, long version, boolean writing, Work<T> work) {
        ConnectionPool.Lease lease = database.borrow(doing, gameId);
        boolean broken = false;
        try {
            Connection c = lease.connection;
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                if (SqlFailures.isConnectionFailure(e)) {
                    database.lost(SqlFailures.reason(e));
                    broken = true; // the database rolls back what a lost connection left open
                } else {
                    broken = !rollback(c);
                }
                throw SqlFailures.map(e, doing, gameId, version, writing);
            } catch (RuntimeException | Error e) {
                broken = !rollback(c);
                throw e;
            }
        } finally {
            database.pool().giveBack(lease, broken);
        }
    }

    /** @return whether the rollback worked (else the connection is broken) */
    static boolean rollback(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
