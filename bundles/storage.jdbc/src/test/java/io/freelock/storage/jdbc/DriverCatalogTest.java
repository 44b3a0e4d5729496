package io.freelock.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;

import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.Test;
import org.osgi.service.jdbc.DataSourceFactory;

class DriverCatalogTest {

    private final DriverCatalog catalog = new DriverCatalog();

    private static DataSourceFactory factory() {
        return new OsgiDataSourceFactory(org.h2.Driver.load());
    }

    @Test
    void theHighestRankingWinsThenTheOldestService() {
        DataSourceFactory old = factory();
        DataSourceFactory young = factory();
        DataSourceFactory ranked = factory();
        catalog.put(young, DataSourceFactoryServices.properties("d", 0, 7));
        catalog.put(old, DataSourceFactoryServices.properties("d", 0, 3));
        assertSame(old, catalog.best("d"));
        catalog.put(ranked, DataSourceFactoryServices.properties("d", 1, 9));
        assertSame(ranked, catalog.best("d"));
        catalog.put(ranked, DataSourceFactoryServices.properties("d", -1, 9)); // its ranking changed
        assertSame(old, catalog.best("d"));
        catalog.remove(old);
        assertSame(young, catalog.best("d"));
    }

    @Test
    void onlyFactoriesOfTheDriverClassCount() {
        DataSourceFactory other = factory();
        catalog.put(other, DataSourceFactoryServices.properties("org.postgresql.Driver", 100, 1));
        catalog.put(factory(), Map.of("service.id", 2L)); // no driver class at all
        assertNull(catalog.best("org.h2.Driver"));
        DataSourceFactory h2 = factory();
        catalog.put(h2, DataSourceFactoryServices.properties("org.h2.Driver", 0, 3));
        assertSame(h2, catalog.best("org.h2.Driver"));
        assertSame(other, catalog.best("org.postgresql.Driver"));
    }
}
