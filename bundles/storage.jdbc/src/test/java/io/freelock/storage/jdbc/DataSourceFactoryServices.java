package io.freelock.storage.jdbc;

import java.util.Map;

import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The service properties a JDBC driver's DataSourceFactory has when its bundle registers it, for the tests that bind
 * factories without a framework.
 */
final class DataSourceFactoryServices {

    private DataSourceFactoryServices() {
    }

    /** @return the properties of the factory of {@code driverClass}, with that ranking and service id */
    static Map<String, Object> properties(String driverClass, int ranking, long serviceId) {
        return Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, driverClass, "service.ranking", ranking,
                "service.id", serviceId);
    }
}
