package io.freelock.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.service.jdbc.DataSourceFactory;
import org.postgresql.osgi.PGDataSourceFactory;

import io.freelock.queue.testkit.Await;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException.Kind;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalPosition;
import io.freelock.storage.JournalRecord;

/**
 * The contract against a throwaway PostgreSQL server, a new schema per test, through pgjdbc's DataSourceFactory; and
 * what only a server can do: go down and come back.
 */
class PostgresJournalStoreTest extends JdbcJournalStoreContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    private static final DataSourceFactory PGJDBC = new PGDataSourceFactory();

    private String schema;

    @BeforeEach
    void createSchema() throws SQLException {
        schema = newSchema(); // before it, sql() connects without a schema: to public
    }

    /** @return the name of a new, empty schema */
    private String newSchema() throws SQLException {
        String name = "test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = sql(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
        return name;
    }

    @Override
    protected DataSourceFactory factory() {
        return PGJDBC;
    }

    @Override
    protected String url() {
        return schema == null ? POSTGRES.url() : POSTGRES.url() + "?currentSchema=" + schema;
    }

    @Override
    protected String anotherDatabase() throws SQLException {
        return POSTGRES.url() + "?currentSchema=" + newSchema();
    }

    @Override
    protected String user() {
        return POSTGRES.user();
    }

    @Override
    protected String password() {
        return POSTGRES.password();
    }

    @Override
    protected String product() {
        return "PostgreSQL";
    }

    @Test
    void aJournalWorksAgainAfterTheServerWasDownAndHasLostNothingAcknowledged() {
        JdbcJournalStore store = newStore();
        Journal journal = store.open("g1", TYPE, GENESIS);
        List<JournalRecord> acknowledged = appendRows(journal, 10);
        List<JournalRecord> next = rowsAfter(journal.head(), 5, "after the restart");

        POSTGRES.stop();
        try {
            JournalException append = expect(Kind.UNAVAILABLE, () -> journal.append(next));
            assertTrue(append.getMessage().contains("appending v11..v15 to game 'g1'"), append.getMessage());
            assertEquals("g1", expect(Kind.UNAVAILABLE, journal::head).gameId());
            expect(Kind.UNAVAILABLE, store::check);
            assertTrue(store.describe().contains("unavailable"), store.describe());
        } finally {
            POSTGRES.start();
        }

        JournalPosition head = Await.result("the journal's head once the database is back", journal::head,
                failure -> failure instanceof JournalException e && e.kind() == JournalException.Kind.UNAVAILABLE);
        assertEquals(positionOf(acknowledged.get(9)), head);
        journal.append(next);
        acknowledged.addAll(next);
        assertRows(acknowledged, readAll(journal, 1));
        assertTrue(store.describe().startsWith("PostgreSQL "), store.describe());
    }

    @Override
    protected String openConnectionsQuery() {
        return "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = current_user";
    }
}
