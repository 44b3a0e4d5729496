package io.freelock.queue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * A queue implementation, registered as an OSGi service the way a JDBC driver registers a
 * {@code DataSourceFactory}. Its service properties say what it offers, so that a host (or the queue
 * manager) picks a driver by {@link QueueSpec} and never by class:
 * <ul>
 * <li>{@value #DRIVER_NAME}: the driver's short name, e.g. {@code vyukov};</li>
 * <li>{@value #PRODUCERS} and {@value #CONSUMERS}: {@code single} or {@code multi};</li>
 * <li>{@value #BOUNDED}: {@code true} or {@code false};</li>
 * <li>{@code service.ranking}: orders drivers that match equally well.</li>
 * </ul>
 * A DS component sets them with {@link Properties}, which stays readable at run time so that the driver
 * checks a spec against the very properties it is registered with.
 */
@ConsumerType
public interface QueueDriver {

    /** Service property: the driver's name, as {@code driver=} in a spec names it. */
    String DRIVER_NAME = "queue.driver";
    /** Service property: {@code single} or {@code multi} producer threads. */
    String PRODUCERS = "queue.producers";
    /** Service property: {@code single} or {@code multi} consumer threads. */
    String CONSUMERS = "queue.consumers";
    /** Service property: whether the driver's queues have a capacity. */
    String BOUNDED = "queue.bounded";

    /**
     * Creates an empty queue for {@code spec}.
     *
     * @throws IllegalArgumentException if this driver cannot honour the spec; the message says which part
     * @throws NullPointerException if {@code spec} is null
     */
    <E> ConcurrentQueue<E> create(QueueSpec spec);

    /**
     * @return what this driver's class declares with {@link Properties}, as the service properties it is
     *         registered with; empty if the class carries no such annotation
     */
    default Map<String, Object> declaredProperties() {
        Properties declared = getClass().getAnnotation(Properties.class);
        if (declared == null) {
            return Map.of();
        }
        return Map.of(DRIVER_NAME, declared.driver(), PRODUCERS, declared.producers(),
                CONSUMERS, declared.consumers(), BOUNDED, declared.bounded());
    }

    /**
     * The service properties of a driver component, as a DS component property type:
     * {@code @QueueDriver.Properties(driver = "vyukov", producers = "multi", consumers = "multi", bounded = true)}.
     */
    @ComponentPropertyType
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Properties {
        /** Makes {@code driver()} the property {@value QueueDriver#DRIVER_NAME}, and so on. */
        String PREFIX_ = "queue.";

        /** @return {@value QueueDriver#DRIVER_NAME} */
        String driver();

        /** @return {@value QueueDriver#PRODUCERS}: {@code single} or {@code multi} */
        String producers();

        /** @return {@value QueueDriver#CONSUMERS}: {@code single} or {@code multi} */
        String consumers();

        /** @return {@value QueueDriver#BOUNDED} */
        boolean bounded();
    }
}
