package io.freelock.storage.jdbc;

import java.io.File;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalGenesis;
import io.freelock.storage.JournalException.Kind;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalStore;

/**
 * The {@link JournalStore} service: game journals in a database reached through the OSGi JDBC service.
 *
 * <p><b>How it finds a driver.</b> JDBC drivers that are OSGi bundles (H2, pgjdbc) register a
 * {@link DataSourceFactory} service with the property {@value DataSourceFactory#OSGI_JDBC_DRIVER_CLASS}. This
 * component has a dynamic, greedy, optional-multiple reference to all of them and uses the best one (highest
 * ranking, then oldest) for the configured {@code driverClass}. Because the reference is optional, the store stays
 * registered without a driver, and every call fails UNAVAILABLE saying which driver is missing; when one is
 * registered, calls work. Each change of configuration or driver replaces the {@link Database}: open journals close
 * their connections and connect again through the new one on their next call.
 *
 * <p><b>When the database cannot be used.</b> At configuration time (activation, a new configuration, a driver
 * coming or going) the store connects once and creates or checks the schema; if that fails it logs one line (a
 * warning) with the URL, the user and the database's reason, and stays registered. Calls then fail UNAVAILABLE
 * until the database can be used, and work again from then on without any help.
 *
 * <p><b>Connections and group commit.</b> Every journal of the store borrows a connection from one
 * {@link ConnectionPool} of at most {@code maxConnections} for each transaction, so the store's connections do not
 * grow with its games. {@link #appendAll} writes the rows of many games in one transaction: an engine's journal
 * writer hands it what every game committed meanwhile, and all of those games share one commit.
 */
@Component(service = JournalStore.class, configurationPid = JdbcJournalStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JdbcJournalStore.Config.class)
public final class JdbcJournalStore implements JournalStore, AutoCloseable {

    /** The configuration PID. */
    public static final String PID = "io.freelock.storage.jdbc";
    /** The framework property naming the launcher's data folder, which holds the default H2 database. */
    static final String DATA_PROPERTY = "freelock.data";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcJournalStore.class);

    @ObjectClassDefinition(name = "Freelock JDBC journal",
            description = "Where game journals are kept: a database reached through the OSGi JDBC service.")
    @interface Config {
        @AttributeDefinition(name = "JDBC driver class", description = "The JDBC driver class: the store uses the DataSourceFactory service "
                + "registered for it (osgi.jdbc.driver.class). org.h2.Driver for H2, org.postgresql.Driver for "
                + "PostgreSQL; the driver's bundle must be installed and started.")
        String driverClass() default "org.h2.Driver";

        @AttributeDefinition(name = "JDBC URL", required = false, description = "The JDBC URL, e.g. jdbc:postgresql://db:5432/freelock"
                + "?socketTimeout=30. Empty: an embedded H2 database in <freelock.data>/journal/freelock, or in the "
                + "bundle's storage area if the framework property freelock.data is not set. An H2 URL of your own "
                + "needs ;WRITE_DELAY=0, or H2 writes a commit up to 500 ms later and a crash loses it.")
        String url() default "";

        @AttributeDefinition(name = "Database user", description = "The database user.")
        String user() default "freelock";

        @AttributeDefinition(min = "1", max = "64", description = "The most database connections the store holds "
                + "at once, however many games it keeps: each journal borrows one per transaction.")
        int maxConnections() default 8;

        @AttributeDefinition(min = "1", description = "How long a journal call waits for a free connection when all "
                + "are busy before it fails as unavailable, in milliseconds.")
        long connectionWaitMillis() default 5_000;

        /** The property ".password": private, so it is never a service property; it is never logged either. */
        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
                description = "The database user's password.")
        String _password() default "";
    }

    private final DriverCatalog drivers = new DriverCatalog();
    /**
     * The open journals, one per game. Opening is rare; ConcurrentHashMap keeps the lookup lock-free and the journal
     * of a game the same object for every caller.
     */
    private final ConcurrentHashMap<String, JdbcJournal> journals = new ConcurrentHashMap<>();
    /** Replaced, never changed (under this object's lock); null until configured and once closed. */
    private volatile Database database;

    /** For Declarative Services: unconfigured until {@link #activate}. */
    public JdbcJournalStore() {
    }

    /**
     * For use without OSGi, e.g. in tests: journals in the database at {@code url}, reached through {@code factory}.
     * The database is checked once, as at configuration time.
     */
    public JdbcJournalStore(DataSourceFactory factory, String url, String user, String password) {
        // listed as if registered for a driver class named after it, so that it goes the same way as a service
        this(factory, url, user, password, 8);
    }

    /**
     * For use without OSGi: as {@link #JdbcJournalStore(DataSourceFactory, String, String, String)}, holding at most
     * {@code maxConnections} connections (1 to 64).
     */
    public JdbcJournalStore(DataSourceFactory factory, String url, String user, String password,
            int maxConnections) {
        // listed as if registered for a driver class named after it, so that it goes the same way as a service
        String driverClass = factory.getClass().getName();
        drivers.put(factory, Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, driverClass));
        configure(driverClass, url, user, password,
                new Database.Pooling(maxConnections, Database.Pooling.defaults().waitMillis));
    }

    /** For tests: like the component, with DataSourceFactory services added by hand. */
    JdbcJournalStore(String driverClass, String url, String user, String password) {
        configure(driverClass, url, user, password, Database.Pooling.defaults());
    }

    @Activate
    void activate(BundleContext context, Config config) {
        modified(context, config);
    }

    @Modified
    void modified(BundleContext context, Config config) {
        String url = config.url().isBlank()
                ? defaultUrl(context.getProperty(DATA_PROPERTY), () -> context.getDataFile("journal"))
                : config.url().strip();
        configure(config.driverClass().strip(), url, config.user(), config._password(),
                new Database.Pooling(config.maxConnections(), config.connectionWaitMillis()));
    }

    @Deactivate
    @Override
    public synchronized void close() {
        Database current = database;
        database = null;
        if (current != null) {
            current.close();
        }
        journals.values().forEach(JdbcJournal::close);
        journals.clear();
    }

    /**
     * @param dataFolder the launcher's data folder, or null
     * @param storageArea the bundle's persistent storage area for the journal, or null if the framework has none
     * @return the URL of the embedded H2 database {@code freelock} in the journal folder
     */
    static String defaultUrl(String dataFolder, Supplier<File> storageArea) {
        Path folder;
        if (dataFolder != null && !dataFolder.isBlank()) {
            folder = Path.of(dataFolder, "journal");
        } else {
            File area = storageArea.get();
            if (area == null) {
                throw new IllegalStateException("no url is configured for " + PID + ", the framework property "
                        + DATA_PROPERTY + " is not set and the framework has no storage area for bundles");
            }
            folder = area.toPath();
        }
        // WRITE_DELAY=0: H2 otherwise writes a commit to its file up to 500 ms later, and a process killed meanwhile
        // loses operations the engine has acknowledged as durable
        return "jdbc:h2:file:" + folder.resolve("freelock").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    // ---- the DataSourceFactory services ----

    /** Called by DS for each {@link DataSourceFactory} service, and by tests. */
    @Reference(service = DataSourceFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeDataSourceFactory", updated = "updateDataSourceFactory")
    void addDataSourceFactory(DataSourceFactory factory, Map<String, Object> properties) {
        drivers.put(factory, properties);
        rebind();
    }

    /** Called by DS when a {@link DataSourceFactory} service's properties (its ranking, say) change. */
    void updateDataSourceFactory(DataSourceFactory factory, Map<String, Object> properties) {
        drivers.put(factory, properties);
        rebind();
    }

    /** Called by DS when a {@link DataSourceFactory} service goes, and by tests. */
    void removeDataSourceFactory(DataSourceFactory factory) {
        drivers.remove(factory);
        rebind();
    }

    private synchronized void configure(String driverClass, String url, String user, String password,
            Database.Pooling pooling) {
        switchTo(new Database(driverClass, drivers.best(driverClass), url, user, password, pooling), true);
    }

    private synchronized void rebind() {
        Database current = database;
        if (current != null) { // DS binds the services before activating
            DataSourceFactory best = drivers.best(current.driverClass());
            if (best != current.factory()) {
                // a driver leaving (a bundle stopping, the framework shutting down) is no news to print; calls say it
                switchTo(current.withFactory(best), best != null);
            }
        }
    }

    /** Called holding this object's lock: the configuration-time check, reported if {@code report}. */
    private void switchTo(Database next, boolean report) {
        Database previous = database;
        database = next;
        if (previous != null) {
            previous.close(); // its lent connections close as their transactions give them back
        }
        journals.values().forEach(JdbcJournal::close);
        if (!report) {
            return;
        }
        try {
            next.check("checking the journal database");
        } catch (JournalException e) {
            LOG.warn("freelock storage: journal database " + next.describe()
                    + "; journal calls fail until it can be used");
        }
    }

    /**
     * @return the database journals use now
     * @throws JournalException UNAVAILABLE if the store is closed
     */
    Database database(String gameId, String doing) {
        Database current = database;
        if (current == null) {
            throw new JournalException(Kind.UNAVAILABLE, gameId, -1, doing + ": the journal store is closed");
        }
        return current;
    }

    // ---- JournalStore ----

    @Override
    public Journal open(String gameId, String gameType, JournalGenesis proposed) {
        JdbcJournal known = journals.get(Objects.requireNonNull(gameId, "game id"));
        if (known != null) {
            known.checkSameType(gameType);
            known.open();
            return known;
        }
        JdbcJournal opened = new JdbcJournal(this, gameId, gameType, proposed);
        opened.open();
        JdbcJournal raced = journals.putIfAbsent(gameId, opened);
        if (raced == null) {
            return opened;
        }
        opened.close(); // another thread opened it meanwhile; every caller gets the same journal
        raced.checkSameType(gameType);
        return raced;
    }

    /**
     * Writes the rows of every journal that can take them in one transaction on one connection: the heads of all
     * games are read in it, a game whose rows do not follow its head is refused (CONFLICT) and left out, and the rest
     * are inserted in JDBC batches and committed together. If the database refuses a row all the same (another
     * writer got there first), the transaction is rolled back and each game is appended on its own, so that only
     * the game concerned is refused. A database that cannot be reached refuses every game (UNAVAILABLE).
     */
    @Override
    public Map<Journal, JournalException> appendAll(Map<Journal, List<JournalRecord>> appends) {
        List<JdbcJournal> group = new ArrayList<>(appends.size());
        for (Map.Entry<Journal, List<JournalRecord>> each : appends.entrySet()) {
            if (!(each.getKey() instanceof JdbcJournal) || ((JdbcJournal) each.getKey()).store != this) {
                throw new IllegalArgumentException("journal of game '" + each.getKey().gameId()
                        + "' was not opened by this store (" + describe() + "); nothing was written");
            }
            if (each.getValue().isEmpty()) {
                throw new IllegalArgumentException("an append to game '" + each.getKey().gameId()
                        + "' needs at least one row; nothing was written");
            }
        }
        Map<Journal, JournalException> refused = new LinkedHashMap<>();
        String doing = "appending the rows of " + appends.size() + " game(s) in one transaction";
        Database current = null;
        for (Map.Entry<Journal, List<JournalRecord>> each : appends.entrySet()) {
            JdbcJournal journal = (JdbcJournal) each.getKey();
            try {
                journal.checkContiguous(each.getValue());
                Database registered = journal.registered(doing);
                if (current == null) {
                    current = registered;
                }
                if (registered == current) {
                    group.add(journal);
                } else { // the store was reconfigured meanwhile: this one goes on its own
                    journal.append(each.getValue());
                }
            } catch (JournalException e) {
                refused.put(journal, e);
            }
        }
        if (group.isEmpty()) {
            return refused;
        }
        List<JdbcJournal> written = new ArrayList<>(group.size());
        try {
            JournalSession.run(current, null, doing, -1, true, c -> {
                Map<String, Long> heads = heads(c, group);
                for (JdbcJournal journal : group) {
                    long first = appends.get(journal).get(0).version();
                    long head = heads.getOrDefault(journal.gameId(), 0L);
                    if (first != head + 1) {
                        refused.put(journal, journal.notAfterHead(first, head));
                    } else {
                        written.add(journal);
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(JdbcJournal.INSERT_ROW)) {
                    int pending = 0;
                    for (JdbcJournal journal : written) {
                        for (JournalRecord record : appends.get(journal)) {
                            journal.bindRow(insert, record);
                            if (++pending == JdbcJournal.BATCH_SIZE) {
                                insert.executeBatch();
                                pending = 0;
                            }
                        }
                    }
                    if (pending > 0) {
                        insert.executeBatch();
                    }
                }
                return null;
            });
        } catch (JournalException e) {
            // nothing of the transaction was written: every game of the group that was not refused already is refused
            // now, whether or not the failure came before its rows (a failure on reading the heads is a failure too)
            for (JdbcJournal journal : group) {
                if (refused.containsKey(journal)) {
                    continue;
                }
                List<JournalRecord> rows = appends.get(journal);
                if (e.kind() == Kind.CONFLICT) { // another writer: find out which game, one transaction each
                    try {
                        journal.append(rows);
                    } catch (JournalException alone) {
                        refused.put(journal, alone);
                    }
                } else {
                    refused.put(journal, new JournalException(e.kind(), journal.gameId(), rows.get(0).version(),
                            "appending v" + rows.get(0).version() + "..v" + rows.get(rows.size() - 1).version()
                                    + " to game '" + journal.gameId() + "' with " + (group.size() - 1)
                                    + " other game(s): " + e.getMessage(), e));
                }
            }
        }
        return refused;
    }

    /**
     * @return the highest version of each of {@code journals}' games in the transaction on {@code c}; a game without
     *         rows is missing. One statement, executed per game: each is an index lookup, where a query naming many
     *         games at once with GROUP BY makes H2 read every row of those games.
     */
    private static Map<String, Long> heads(java.sql.Connection c, List<JdbcJournal> journals)
            throws java.sql.SQLException {
        Map<String, Long> heads = new java.util.HashMap<>();
        try (PreparedStatement select = c.prepareStatement(JdbcJournal.SELECT_HEAD_VERSION)) {
            for (JdbcJournal journal : journals) {
                select.setString(1, journal.gameId());
                try (java.sql.ResultSet row = select.executeQuery()) {
                    row.next();
                    heads.put(journal.gameId(), row.getLong(1)); // 0 for SQL NULL: no rows yet
                }
            }
        }
        return heads;
    }

    @Override
    public void check() {
        database(null, "checking the journal store").check("checking the journal store");
    }

    @Override
    public String describe() {
        Database current = database;
        return current == null ? "the journal store is closed" : current.describe();
    }
}
