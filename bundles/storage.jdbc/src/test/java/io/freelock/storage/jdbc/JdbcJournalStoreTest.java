package io.freelock.storage.jdbc;

import static io.freelock.consensus.testkit.JournalStoreContract.GENESIS;
import static io.freelock.consensus.testkit.JournalStoreContract.TYPE;
import static io.freelock.consensus.testkit.JournalStoreContract.appendRows;
import static io.freelock.consensus.testkit.JournalStoreContract.expect;
import static io.freelock.consensus.testkit.JournalStoreContract.positionOf;
import static io.freelock.consensus.testkit.JournalStoreContract.rowsAfter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.XADataSource;

import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

import io.freelock.queue.testkit.LogCapture;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalException.Kind;
import io.freelock.storage.JournalPosition;

/** The component's side: finding its driver among DataSourceFactory services, configuration time, the default URL. */
class JdbcJournalStoreTest {

    private static final String H2_DRIVER = "org.h2.Driver";

    @TempDir
    Path folder;

    private final List<JdbcJournalStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(JdbcJournalStore::close);
    }

    private String url() {
        return "jdbc:h2:file:" + folder.resolve("journal");
    }

    private JdbcJournalStore storeFor(String driverClass, String password) {
        JdbcJournalStore store = new JdbcJournalStore(driverClass, url(), "freelock", password);
        stores.add(store);
        return store;
    }

    @Test
    void withoutAFactoryForItsDriverTheStoreIsUnavailableUntilOneIsRegistered() {
        JdbcJournalStore store = storeFor(H2_DRIVER, "pw");
        String missing = "no DataSourceFactory for driver class org.h2.Driver is registered "
                + "(is its bundle installed and started?)";
        JournalException none = expect(Kind.UNAVAILABLE, () -> store.open("g1", TYPE, GENESIS));
        assertTrue(none.getMessage().contains("opening game 'g1': " + missing), none.getMessage());
        assertTrue(store.describe().contains(missing), store.describe());
        store.addDataSourceFactory(new CountingFactory(),
                DataSourceFactoryServices.properties("org.postgresql.Driver", 0, 1));
        expect(Kind.UNAVAILABLE, () -> store.open("g1", TYPE, GENESIS));

        CountingFactory h2 = new CountingFactory();
        store.addDataSourceFactory(h2, DataSourceFactoryServices.properties(H2_DRIVER, 0, 2));
        Journal journal = store.open("g1", TYPE, GENESIS);
        JournalPosition head = positionOf(appendRows(journal, 3).get(2));

        store.removeDataSourceFactory(h2);
        assertTrue(expect(Kind.UNAVAILABLE, journal::head).getMessage().contains(missing));
        store.addDataSourceFactory(h2, DataSourceFactoryServices.properties(H2_DRIVER, 0, 3));
        assertEquals(head, journal.head(), "the same journal works again");
    }

    @Test
    void theBestFactoryForTheDriverClassIsUsedAndOpenJournalsFollowAChange() {
        JdbcJournalStore store = storeFor(H2_DRIVER, "pw");
        CountingFactory older = new CountingFactory();
        CountingFactory newer = new CountingFactory();
        CountingFactory ranked = new CountingFactory();
        store.addDataSourceFactory(newer, DataSourceFactoryServices.properties(H2_DRIVER, 0, 12));
        store.addDataSourceFactory(older, DataSourceFactoryServices.properties(H2_DRIVER, 0, 11));
        Journal journal = store.open("g1", TYPE, GENESIS);
        int olderOpened = older.connections.get();
        journal.head();
        assertEquals(olderOpened, older.connections.get(), "the pool lends the connection it opened again");
        assertTrue(olderOpened > 0, "equal ranking: the oldest service (lowest service.id) is used");

        store.addDataSourceFactory(ranked, DataSourceFactoryServices.properties(H2_DRIVER, 0, 13));
        assertEquals(0, ranked.connections.get());
        store.updateDataSourceFactory(ranked, DataSourceFactoryServices.properties(H2_DRIVER, 5, 13));
        int olderBefore = older.connections.get();
        journal.head();
        journal.append(rowsAfter(journal.head(), 1, "g1"));
        assertEquals(olderBefore, older.connections.get(), "nothing goes through the outranked factory any more");
        // the store's check of the new factory opened one, which its pool then lent to the journal
        assertEquals(1, ranked.connections.get(), "the journal's connection came through the higher ranking");
    }

    @Test
    void configurationTimeLogsOneWarningLineNamingTheDatabaseAndTheReasonButNotThePassword() {
        CountingFactory h2 = new CountingFactory();
        storeFor(H2_DRIVER, "right password") // creates it
                .addDataSourceFactory(h2, DataSourceFactoryServices.properties(H2_DRIVER, 0, 1));

        List<LogRecord> logged = loggedBy(() -> stores.add(new JdbcJournalStore(h2, url(), "freelock", "wrong password")));
        assertEquals(1, logged.size(), logged.toString());
        LogRecord wrong = logged.get(0);
        assertEquals(Level.WARNING, wrong.getLevel());
        assertNull(wrong.getThrown(), "no stack trace");
        assertEquals(1, wrong.getMessage().split("\\R", -1).length, wrong.getMessage());
        assertTrue(wrong.getMessage().startsWith("freelock storage: journal database " + url() + " (user freelock): "
                + "unavailable: Wrong user name or password"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("wrong password") || wrong.getMessage().contains("right password"),
                wrong.getMessage());

        List<LogRecord> noDriver = loggedBy(() -> storeFor("org.example.Driver", ""));
        assertEquals(1, noDriver.size(), noDriver.toString());
        assertTrue(noDriver.get(0).getMessage().startsWith("freelock storage: ") && noDriver.get(0).getMessage()
                .contains("no DataSourceFactory for driver class org.example.Driver is registered"),
                noDriver.get(0).getMessage());
    }

    @Test
    void aClosedStoreSaysSo() {
        JdbcJournalStore store = new JdbcJournalStore(new CountingFactory(), url(), "freelock", "");
        store.check();
        store.close();
        assertEquals("the journal store is closed", store.describe());
        assertTrue(expect(Kind.UNAVAILABLE, store::check).getMessage().contains("closed"));
    }

    @Test
    void theDefaultUrlIsAnH2FileInTheDataFolderOrTheBundlesStorageArea() {
        File area = folder.resolve("bundle-data").resolve("journal").toFile();
        assertEquals("jdbc:h2:file:" + folder.resolve("data").resolve("journal").resolve("freelock") + ";WRITE_DELAY=0",
                JdbcJournalStore.defaultUrl(folder.resolve("data").toString(), () -> area));
        assertEquals("jdbc:h2:file:" + area.toPath().resolve("freelock") + ";WRITE_DELAY=0",
                JdbcJournalStore.defaultUrl(null, () -> area));
        IllegalStateException nowhere = assertThrows(IllegalStateException.class,
                () -> JdbcJournalStore.defaultUrl("", () -> null));
        assertTrue(nowhere.getMessage().contains(JdbcJournalStore.DATA_PROPERTY), nowhere.getMessage());
    }

    /** @return the warnings and errors the store's package logged while {@code action} ran */
    private static List<LogRecord> loggedBy(Runnable action) {
        try (LogCapture log = LogCapture.of(JdbcJournalStore.class.getPackageName(), Level.WARNING)) {
            action.run();
            return log.records();
        }
    }

    /** H2's DataSourceFactory, counting the pooled sources it hands out (one per connection the store opens). */
    private static final class CountingFactory implements DataSourceFactory {
        private final DataSourceFactory h2 = new OsgiDataSourceFactory(org.h2.Driver.load());
        final AtomicInteger connections = new AtomicInteger();

        @Override
        public Driver createDriver(Properties props) throws SQLException {
            return h2.createDriver(props);
        }

        @Override
        public DataSource createDataSource(Properties props) throws SQLException {
            return h2.createDataSource(props);
        }

        @Override
        public ConnectionPoolDataSource createConnectionPoolDataSource(Properties props) throws SQLException {
            connections.incrementAndGet();
            return h2.createConnectionPoolDataSource(props);
        }

        @Override
        public XADataSource createXADataSource(Properties props) throws SQLException {
            return h2.createXADataSource(props);
        }
    }
}
