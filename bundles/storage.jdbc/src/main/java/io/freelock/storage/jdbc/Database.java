package io.freelock.storage.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

import org.osgi.service.jdbc.DataSourceFactory;

import io.freelock.storage.JournalException;
import io.freelock.storage.JournalException.Kind;

/**
 * One configured database: the driver's {@link DataSourceFactory} (or none yet), the URL and the credentials.
 * Immutable, so a new configuration or driver is a new instance, and a journal tells that its connection is stale by
 * comparing instances. What it last learned of the database, its product or why it cannot be used, is kept for
 * {@link #describe()}.
 */
final class Database {

    /** A password written into a URL ({@code ?password=x}, {@code ;PASSWORD=x}) is hidden wherever the URL is shown. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private final String driverClass;
    private final DataSourceFactory factory;
    private final String url;
    private final String user;
    private final String password;
    /** E.g. "H2 2.5.252", once a connection succeeded. */
    private volatile String product;
    /** Why the last attempt to use the database failed, or null if it worked. */
    private volatile String failure;

    /** @param factory the driver's factory, or null if none is registered for {@code driverClass} */
    Database(String driverClass, DataSourceFactory factory, String url, String user, String password) {
        this.driverClass = Objects.requireNonNull(driverClass, "driverClass");
        this.factory = factory;
        this.url = Objects.requireNonNull(url, "url");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
    }

    Database withFactory(DataSourceFactory other) {
        return new Database(driverClass, other, url, user, password);
    }

    String driverClass() {
        return driverClass;
    }

    DataSourceFactory factory() {
        return factory;
    }

    /**
     * @param doing what the connection is for, for the message, e.g. "reading game 'g1' from v5"
     * @return a connection, with autocommit off, to a database that holds the journal schema
     * @throws JournalException {@link Kind#UNAVAILABLE UNAVAILABLE} naming {@code doing}, the URL, the user and the
     *         database's reason
     */
    Connection connect(String doing, String gameId) {
        if (factory == null) {
            failure = noFactory();
            throw new JournalException(Kind.UNAVAILABLE, gameId, -1, doing + ": " + failure);
        }
        Connection connection = null;
        try {
            connection = open();
            int schema = Schema.ensure(connection);
            if (schema != Schema.VERSION) {
                closeQuietly(connection);
                failure = schema == Schema.UNVERIFIABLE
                        ? "it holds journal schema version 1, whose rows carry no state digests or signatures, so "
                                + "its games cannot be verified; this bundle reads version " + Schema.VERSION
                                + " only: use a new database (or move the freelock_* tables away)"
                        : "it holds journal schema version " + schema + ", newer than version " + Schema.VERSION
                                + ", the newest this bundle (io.freelock.storage.jdbc) knows: update the bundle";
                throw new JournalException(Kind.UNAVAILABLE, gameId, -1,
                        doing + ": cannot use the database at " + where() + ": " + failure);
            }
            DatabaseMetaData meta = connection.getMetaData();
            product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion().split(" ")[0];
            failure = null;
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            failure = SqlFailures.reason(e);
            throw new JournalException(Kind.UNAVAILABLE, gameId, -1,
                    doing + ": cannot use the database at " + where() + ": " + failure, e);
        }
    }

    private Connection open() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty(DataSourceFactory.JDBC_USER, user);
        credentials.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        Driver driver = factory.createDriver(null);
        Connection connection = driver.connect(url, credentials);
        if (connection == null) { // the JDBC way of saying "not my URL"
            throw new SQLNonTransientConnectionException(
                    "driver " + driver.getClass().getName() + " does not take this URL", "08001");
        }
        try {
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Connects and disconnects: whether the database can be used now. */
    void check(String doing) {
        closeQuietly(connect(doing, null));
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

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // it is being dropped because it failed; a failure to close it says nothing new
            }
        }
    }
}
