package io.freelock.storage.jdbc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The registered {@link DataSourceFactory} services, and the best one for a driver class: highest
 * {@code service.ranking}, then lowest {@code service.id} (the oldest), as OSGi orders services. Drivers come and go
 * rarely, so a synchronized list is all it takes.
 */
final class DriverCatalog {

    private static final class Candidate {
        final DataSourceFactory factory;
        final String driverClass;
        final int ranking;
        final long serviceId;

        Candidate(DataSourceFactory factory, String driverClass, int ranking, long serviceId) {
            this.factory = factory;
            this.driverClass = driverClass;
            this.ranking = ranking;
            this.serviceId = serviceId;
        }
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator.<Candidate>comparingInt(c -> -c.ranking)
            .thenComparingLong(c -> c.serviceId);

    private final List<Candidate> candidates = new ArrayList<>(); // guarded by this
    /** Stands in for service.id when a caller (a test) gives none, so that the oldest still comes first. */
    private long arrivals = Long.MAX_VALUE / 2; // guarded by this

    /** Lists {@code factory} with {@code properties}, replacing what was listed for it before. */
    synchronized void put(DataSourceFactory factory, Map<String, ?> properties) {
        remove(factory);
        Object driverClass = properties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
        Object ranking = properties.get("service.ranking");
        Object serviceId = properties.get("service.id");
        candidates.add(new Candidate(factory, driverClass instanceof String ? (String) driverClass : null,
                ranking instanceof Integer ? (Integer) ranking : 0,
                serviceId instanceof Long ? (Long) serviceId : arrivals++));
    }

    synchronized void remove(DataSourceFactory factory) {
        candidates.removeIf(c -> c.factory == factory);
    }

    /** @return the best factory registered for {@code driverClass}, or null if there is none */
    synchronized DataSourceFactory best(String driverClass) {
        return candidates.stream().filter(c -> driverClass.equals(c.driverClass)).min(BEST_FIRST)
                .map(c -> c.factory).orElse(null);
    }
}
