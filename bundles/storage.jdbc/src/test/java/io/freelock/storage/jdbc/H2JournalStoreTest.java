package io.freelock.storage.jdbc;

import java.nio.file.Path;

import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

/** The contract against embedded H2, a new database file per test, through H2's own DataSourceFactory. */
class H2JournalStoreTest extends JdbcJournalStoreContract {

    private static final DataSourceFactory H2 = new OsgiDataSourceFactory(org.h2.Driver.load());

    @TempDir
    Path folder;

    @Override
    protected DataSourceFactory factory() {
        return H2;
    }

    @Override
    protected String url() {
        return "jdbc:h2:file:" + folder.resolve("journal");
    }

    @Override
    protected String anotherDatabase() {
        return "jdbc:h2:file:" + folder.resolve("another");
    }

    @Override
    protected String user() {
        return "freelock";
    }

    @Override
    protected String password() {
        return "h2-password";
    }

    @Override
    protected String product() {
        return "H2";
    }

    @Override
    protected String openConnectionsQuery() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS";
    }
}
