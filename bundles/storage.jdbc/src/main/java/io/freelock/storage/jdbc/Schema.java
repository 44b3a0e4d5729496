package io.freelock.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;

/**
 * The journal's tables, created and versioned by this bundle on first use.
 *
 * <pre>
 * freelock_schema_version  version, installed            one row per schema version installed
 * freelock_games           game_id, game_type, genesis, instance, rules_version, created
 * freelock_operations      game_id, version, hash, operation, state_sha256, evidence   PK (game_id, version)
 * freelock_snapshots       game_id, version, hash, state                               PK (game_id, version)
 * </pre>
 *
 * Hashes and bytes are kept in the database's variable-length binary type; their lengths are checked on reading,
 * not by the database, so that a damaged row is reported as such rather than hidden behind a type error.
 */
final class Schema {

    /** The schema version this bundle creates and reads. A change of the tables raises it and adds a migration. */
    static final int VERSION = 2;
    /**
     * Schema 1 kept rows without state digests or evidence, so its journals cannot verify themselves; its tables
     * have the same names, and this bundle refuses a database that holds them rather than read them half.
     */
    static final int UNVERIFIABLE = 1;

    /** Each lost race against another store creating the schema costs one attempt (see {@link #ensure}). */
    private static final int ATTEMPTS = 3;

    private Schema() {
    }

    /**
     * Creates the tables if they are missing, in one transaction, and commits. (H2 commits each CREATE by itself;
     * that is harmless, as every step is idempotent and the version row, which says the schema is complete, comes
     * last.)
     *
     * <p>Two stores (or processes) may do this at the same moment. The loser's {@code CREATE TABLE IF NOT EXISTS}
     * or version row then fails (PostgreSQL reports a duplicate catalog entry, anyone a duplicate version), only
     * after the winner has committed, so looking again finds the schema complete.
     *
     * @return the schema version the database holds: {@link #VERSION}, or another one, which this bundle must not
     *         touch (then nothing was changed): a newer one, or {@link #UNVERIFIABLE}
     * @throws SQLFeatureNotSupportedException if the database is neither H2 nor PostgreSQL
     */
    static int ensure(Connection connection) throws SQLException {
        String binary = binaryType(connection.getMetaData().getDatabaseProductName());
        for (int attempt = 1; ; attempt++) {
            try {
                int installed = installedVersion(connection);
                if (installed == UNVERIFIABLE) {
                    connection.rollback();
                    return installed;
                }
                if (installed < VERSION) {
                    create(connection, binary);
                }
                connection.commit();
                return Math.max(installed, VERSION);
            } catch (SQLException e) {
                connection.rollback();
                if (attempt == ATTEMPTS || SqlFailures.isConnectionFailure(e)) {
                    throw e;
                }
            }
        }
    }

    /** The binary column type: the one type for bytes up to the database's limit (1 GB in both). */
    private static String binaryType(String product) throws SQLFeatureNotSupportedException {
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return "BYTEA";
        }
        if ("H2".equalsIgnoreCase(product)) {
            return "VARBINARY";
        }
        throw new SQLFeatureNotSupportedException("the Freelock journal supports H2 and PostgreSQL, not " + product);
    }

    /** @return the newest schema version installed, or 0 if none is */
    private static int installedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT MAX(version) FROM freelock_schema_version")) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            if (!SqlFailures.isUndefinedTable(e)) {
                throw e;
            }
            connection.rollback(); // PostgreSQL refuses every further statement of a failed transaction
            return 0;
        }
    }

    private static void create(Connection connection, String binary) throws SQLException {
        List<String> tables = List.of(
                "CREATE TABLE IF NOT EXISTS freelock_schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                        + "installed TIMESTAMP WITH TIME ZONE NOT NULL)",
                "CREATE TABLE IF NOT EXISTS freelock_games (game_id VARCHAR(" + JdbcJournal.MAX_NAME + ") NOT NULL "
                        + "PRIMARY KEY, game_type VARCHAR(" + JdbcJournal.MAX_NAME + ") NOT NULL, genesis " + binary
                        + " NOT NULL, instance CHAR(64) NOT NULL, rules_version VARCHAR(" + JdbcJournal.MAX_NAME
                        + ") NOT NULL, created TIMESTAMP WITH TIME ZONE NOT NULL)",
                "CREATE TABLE IF NOT EXISTS freelock_operations (game_id VARCHAR(" + JdbcJournal.MAX_NAME
                        + ") NOT NULL REFERENCES freelock_games (game_id), version BIGINT NOT NULL, hash " + binary
                        + " NOT NULL, operation " + binary + " NOT NULL, state_sha256 " + binary + " NOT NULL, evidence "
                        + binary + ", PRIMARY KEY (game_id, version))",
                "CREATE TABLE IF NOT EXISTS freelock_snapshots (game_id VARCHAR(" + JdbcJournal.MAX_NAME
                        + ") NOT NULL REFERENCES freelock_games (game_id), version BIGINT NOT NULL, hash " + binary
                        + " NOT NULL, state " + binary + " NOT NULL, PRIMARY KEY (game_id, version))");
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute(table);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO freelock_schema_version (version, installed) VALUES (?, CURRENT_TIMESTAMP)")) {
            insert.setInt(1, VERSION);
            insert.executeUpdate();
        }
    }
}
