package io.freelock.queue.testkit;

import java.util.HashMap;
import java.util.Map;

import io.freelock.queue.QueueDriver;

/**
 * The service properties a driver has when DS registers it, for code that binds drivers to a manager outside a
 * framework (tests, benchmarks): what the driver's class declares (its {@code QueueDriver.Properties} and
 * {@code QueueDriver.Ranking}) plus the {@code service.id} the framework would give it.
 */
public final class DriverServices {

    private DriverServices() {
    }

    /** @return {@code driver}'s declared properties, with {@code service.id} = {@code serviceId} */
    public static Map<String, Object> properties(QueueDriver driver, long serviceId) {
        Map<String, Object> properties = new HashMap<>(driver.declaredProperties());
        properties.put("service.id", serviceId);
        return Map.copyOf(properties);
    }

    /** @return as {@link #properties(QueueDriver, long)}, with another ranking (a test's own driver's) */
    public static Map<String, Object> properties(QueueDriver driver, long serviceId, int ranking) {
        Map<String, Object> properties = new HashMap<>(properties(driver, serviceId));
        properties.put(QueueDriver.Ranking.PROPERTY, ranking);
        return Map.copyOf(properties);
    }

    /** @return the driver's name, {@value QueueDriver#DRIVER_NAME} */
    public static String name(QueueDriver driver) {
        return (String) driver.declaredProperties().get(QueueDriver.DRIVER_NAME);
    }
}
