package io.freelock.storage.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.sql.ConnectionPoolDataSource;
import javax.sql.PooledConnection;

import org.osgi.service.jdbc.DataSourceFactory;

import io.freelock.storage.JournalException;
import io.freelock.storage.JournalException.Kind;

/**
 * One configured database: the driver's {@link DataSourceFactory} (or none yet), the URL, the credentials, and the
 * {@link ConnectionPool} every journal of the store borrows its connections from. Its configuration is immutable, so
 * a new configuration or driver is a new instance (with a new pool; the store closes the old one). What it last
 * learned of the database, its product or why it cannot be used, is kept for {@link #describe()}.
 */
final class Database {

    /** A password written into a URL ({@code ?password=x}, {@code ;PASSWORD=x}) is hidden wherever the URL is shown. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private final String driverClass;
    private final DataSourceFactory factory;
    private final String url;
    private final String user;
    private final String password;
    private final Pooling pooling;
    private final ConnectionPool pool;
    /** E.g. "H2 2.5.252", once a connection succeeded. */
    private volatile String product;
    /** Why the last attempt to use the database failed, or null if it worked. */
    private volatile String failure;

    /** How many connections a store holds at most, and how long a journal waits for one. Immutable. */
    static final class Pooling {
        /** The most connections a store may be configured to hold: past this a database gains nothing from more. */
        static final int MAX_CONNECTIONS = 64;

        final int connections;
        final long waitMillis;

        /** @throws IllegalArgumentException if a value is outside its range, naming it */
        Pooling(int connections, long waitMillis) {
            if (connections < 1 || connections > MAX_CONNECTIONS) {
                throw new IllegalArgumentException("maxConnections must be 1 to " + MAX_CONNECTIONS + ", not "
                        + connections);
            }
            if (waitMillis < 1) {
                throw new IllegalArgumentException("connectionWaitMillis must be positive, not " + waitMillis);
            }
            this.connections = connections;
            this.waitMillis = waitMillis;
        }

        /** 8 connections, a 5 s wait for one. */
        static Pooling defaults() {
            return new Pooling(8, 5_000);
        }
    }

    /** @param factory the driver's factory, or null if none is registered for {@code driverClass} */
    Database(String driverClass, DataSourceFactory factory, String url, String user, String password,
            Pooling pooling) {
        this.driverClass = Objects.requireNonNull(driverClass, "driverClass");
        this.factory = factory;
        this.url = Objects.requireNonNull(url, "url");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.pooling = Objects.requireNonNull(pooling, "pooling");
        this.pool = new ConnectionPool(pooling.connections, TimeUnit.MILLISECONDS.toNanos(pooling.waitMillis),
                this::openPooled);
    }

    /** @return the same database through another driver's factory, with a new pool (close this one's) */
    Database withFactory(DataSourceFactory other) {
        return new Database(driverClass, other, url, user, password, pooling);
    }

    ConnectionPool pool() {
        return pool;
    }

    /** Closes the pool: its idle connections now, the lent ones as they come back. */
    void close() {
        pool.close();
    }

    String driverClass() {
        return driverClass;
    }

    DataSourceFactory factory() {
        return factory;
    }

    /**
     * @param doing what the connection is for, for the message, e.g. "reading game 'g1' from v5"
     * @return a connection from the pool, with autocommit off, to a database that holds the journal schema; give it
     *         back with {@link ConnectionPool#giveBack}
     * @throws JournalException {@link Kind#UNAVAILABLE UNAVAILABLE} naming {@code doing}, the URL, the user and the
     *         database's reason (or that every connection stayed busy)
     */
    ConnectionPool.Lease borrow(String doing, String gameId) {
        if (factory == null) {
            failure = noFactory();
            throw new JournalException(Kind.UNAVAILABLE, gameId, -1, doing + ": " + failure);
        }
        try {
            return pool.borrow();
        } catch (JournalException e) { // a schema this bundle must not touch, found on a new connection
            throw withDoing(e, doing, gameId);
        } catch (SQLException e) {
            failure = SqlFailures.reason(e);
            throw new JournalException(Kind.UNAVAILABLE, gameId, -1,
                    doing + ": cannot use the database at " + where() + ": " + failure, e);
        } catch (ConnectionPool.PoolBusyException e) {
            // not the database's failure: it works, it is only busy, so describe() keeps what it said
            throw new JournalException(Kind.UNAVAILABLE, gameId, -1,
                    doing + ": the database at " + where() + " is busy: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException(Kind.UNAVAILABLE, gameId, -1,
                    doing + ": interrupted while waiting for a connection to " + where());
        }
    }

    /**
     * Opens a physical connection for the pool and checks the schema on it.
     *
     * @throws SQLException with the database's reason; a JournalException (UNAVAILABLE) for a schema this bundle
     *         must not touch
     */
    private ConnectionPool.Lease openPooled() throws SQLException {
        PooledConnection physical = openPhysical();
        try {
            // the one handle the lease keeps: a pooled source may reset autocommit on each new handle
            Connection connection = physical.getConnection();
            connection.setAutoCommit(false);
            int schema = Schema.ensure(connection);
            if (schema != Schema.VERSION) {
                failure = schema == Schema.UNVERIFIABLE
                        ? "it holds journal schema version 1, whose rows carry no state digests or signatures, so "
                                + "its games cannot be verified; this bundle reads version " + Schema.VERSION
                                + " only: use a new database (or move the freelock_* tables away)"
                        : "it holds journal schema version " + schema + ", newer than version " + Schema.VERSION
                                + ", the newest this bundle (io.freelock.storage.jdbc) knows: update the bundle";
                throw new JournalException(Kind.UNAVAILABLE, null, -1,
                        "cannot use the database at " + where() + ": " + failure);
            }
            DatabaseMetaData meta = connection.getMetaData();
            product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion().split(" ")[0];
            failure = null;
            return new ConnectionPool.Lease(physical, connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(physical);
            throw e;
        }
    }

    /** A physical connection from the driver's pooled source, as this database's user. */
    private PooledConnection openPhysical() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty(DataSourceFactory.JDBC_URL, url);
        properties.setProperty(DataSourceFactory.JDBC_USER, user);
        properties.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        ConnectionPoolDataSource source;
        try {
            source = factory.createConnectionPoolDataSource(properties);
        } catch (SQLException | RuntimeException e) {
            throw new SQLNonTransientConnectionException("the driver's pooled source does not take this URL: "
                    + SqlFailures.reason(e), "08001", e);
        }
        PooledConnection physical = source.getPooledConnection();
        if (physical == null) {
            throw new SQLNonTransientConnectionException("the driver's pooled source gave no connection", "08001");
        }
        return physical;
    }

    /**
     * Schema checks raise a JournalException from inside the pool's opener; this hands it on with what was being done.
     */
    static JournalException withDoing(JournalException e, String doing, String gameId) {
        return new JournalException(e.kind(), gameId, e.version(), doing + ": " + e.getMessage()
                .substring(e.kind().name().length() + 2), e);
    }

    /** Borrows a connection and gives it back: whether the database can be used now. */
    void check(String doing) {
        ConnectionPool.Lease lease = borrow(doing, null);
        boolean broken = true;
        try {
            broken = !lease.connection.isValid(5);
            if (broken) {
                failure = "a connection to it is no longer valid";
                throw new JournalException(Kind.UNAVAILABLE, null, -1, doing + ": " + failure);
            }
        } catch (SQLException e) {
            failure = SqlFailures.reason(e);
            throw new JournalException(Kind.UNAVAILABLE, null, -1, doing + ": " + failure, e);
        } finally {
            pool.giveBack(lease, broken);
        }
    }

    /** Notes that a journal lost its connection, for {@link #describe()}. */
    void lost(String reason) {
        failure = reason;
    }

    /** @return the database product, version, URL and user, or why it cannot be used; never the password */
    String describe() {
        String why = failure;
        if (why != null) {
            return where() + ": unavailable: " + why;
        }
        String known = product;
        return known == null ? where() + ": not connected yet" : known + " at " + where();
    }

    /** The URL (with any password in it hidden) and the user. */
    String where() {
        return URL_PASSWORD.matcher(url).replaceAll("$1***") + " (user " + user + ")";
    }

    private String noFactory() {
        return "no DataSourceFactory for driver class " + driverClass
                + " is registered (is its bundle installed and started?)";
    }

    private static void closeQuietly(PooledConnection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // it is being dropped because it failed; a failure to close it says nothing new
        }
    }
}
