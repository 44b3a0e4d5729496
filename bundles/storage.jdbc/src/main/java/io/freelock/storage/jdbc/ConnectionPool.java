package io.freelock.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.PooledConnection;

/**
 * A fixed number of a database's connections, shared by every journal of a store: a journal borrows one for each
 * transaction and gives it back, so the connections a store holds do not grow with the games it keeps.
 *
 * <p>The physical connections are the driver's own {@link PooledConnection}s, from the
 * {@link org.osgi.service.jdbc.DataSourceFactory#createConnectionPoolDataSource pooled source} its
 * {@code DataSourceFactory} offers; this class is the pool manager JDBC leaves to the caller. It starts no thread:
 * connections are opened on demand by the borrower, and one found broken is closed rather than given back. A
 * borrower waits at most {@code waitNanos} for a free connection, then is told the database is busy.
 *
 * <p>A semaphore bounds the connections (lent plus idle) to {@code size}; the idle ones wait in a deque, most recently
 * used first, so a quiet store reuses a warm connection. Closing the pool closes the idle connections at once and each
 * lent one when it comes back.
 */
final class ConnectionPool {

    /** Opens a new physical connection and its handle, ready for use (autocommit off, schema checked). */
    @FunctionalInterface
    interface Opener {
        Lease open() throws SQLException;
    }

    /** A physical connection and the one logical handle this pool keeps open on it for its whole life. */
    static final class Lease {
        final PooledConnection physical;
        final Connection connection;
        long lastUsedNanos;

        Lease(PooledConnection physical, Connection connection) {
            this.physical = physical;
            this.connection = connection;
        }

        boolean isValid() {
            try {
                return connection.isValid(VALID_CHECK_SECONDS);
            } catch (SQLException e) {
                return false;
            }
        }

        void closeQuietly() {
            try {
                physical.close();
            } catch (SQLException e) {
                // it is being dropped, usually because it failed; failing to close it says nothing new
            }
        }
    }

    /**
     * A connection idle this long is checked before it is lent: a database restart or a firewall may have cut it
     * meanwhile, and one round trip to find out spares the borrower a failure. A busy connection is not checked; if it
     * is cut, that transaction fails, the connection is closed, and the next borrower gets a new one.
     */
    private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int VALID_CHECK_SECONDS = 5;

    private final int size;
    private final long waitNanos;
    private final Opener opener;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Lease> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(int size, long waitNanos, Opener opener) {
        if (size < 1) {
            throw new IllegalArgumentException("a connection pool holds 1 or more connections, not " + size);
        }
        this.size = size;
        this.waitNanos = waitNanos;
        this.opener = opener;
        this.permits = new Semaphore(size, true); // fair: a borrower that waited is not overtaken for long
    }

    int size() {
        return size;
    }

    /** @return the connections open now, lent or idle */
    int open() {
        return size - permits.availablePermits() + idle.size();
    }

    /**
     * @return an idle connection, or a new one while fewer than {@code size} are open
     * @throws SQLException from opening a connection (then no permit is kept)
     * @throws PoolBusyException if every connection stayed lent for the whole wait, or the pool is closed
     * @throws InterruptedException if interrupted while waiting
     */
    Lease borrow() throws SQLException, InterruptedException, PoolBusyException {
        if (closed) {
            throw new PoolBusyException("the connection pool is closed");
        }
        if (!permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
            throw new PoolBusyException("all " + size + " connections stayed busy for "
                    + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms");
        }
        for (Lease lease; (lease = idle.pollFirst()) != null; ) {
            if (System.nanoTime() - lease.lastUsedNanos < IDLE_CHECK_NANOS || lease.isValid()) {
                return lease;
            }
            lease.closeQuietly(); // a database restart or a firewall cut it while it was idle
        }
        try {
            return opener.open();
        } catch (SQLException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Gives a connection back; a broken one, or any after {@link #close}, is closed instead. */
    void giveBack(Lease lease, boolean broken) {
        if (broken || closed) {
            lease.closeQuietly();
        } else {
            lease.lastUsedNanos = System.nanoTime();
            idle.offerFirst(lease);
            if (closed) { // closed meanwhile: close() may have drained before this offer
                drainIdle();
            }
        }
        permits.release();
    }

    /** Closes the idle connections now and each lent one as it comes back; borrowing fails from now on. */
    void close() {
        closed = true;
        drainIdle();
    }

    private void drainIdle() {
        for (Lease lease; (lease = idle.pollFirst()) != null; ) {
            lease.closeQuietly();
        }
    }

    /** Every connection is lent and none came back in time, or the pool is closed. */
    static final class PoolBusyException extends Exception {
        private static final long serialVersionUID = 1L;

        PoolBusyException(String message) {
            super(message);
        }
    }
}
