package io.freelock.queue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
     * Creates an empty queue for {@code spec} that is also the face of the managed queue {@code behind}: see
     * {@link FrontQueue}. A manager asks for one when it opens a managed queue on this driver, and hands it out in
     * place of its own object, so that until the queue's first swap its offers and polls cost what this driver's
     * queue costs. A driver that makes no fronts (the default) is used through the manager's object throughout.
     *
     * @param behind the manager's queue, which the front passes every call to once {@link FrontQueue#redirect()}
     *        is called; it is not yet usable when this runs
     * @return the front, or empty if this driver makes none for {@code spec}
     * @throws IllegalArgumentException as {@link #create}
     * @throws NullPointerException if an argument is null
     * @since 1.5
     */
    default <E> Optional<FrontQueue<E>> createFront(QueueSpec spec, ManagedQueue<E> behind) {
        Objects.requireNonNull(spec, "queue spec is null");
        Objects.requireNonNull(behind, "managed queue is null");
        return Optional.empty();
    }

    /**
     * @return what this driver's class declares with {@link Properties} and {@link Ranking}, as the service
     *         properties it is registered with; empty if the class carries neither annotation
     * @since 1.3 (the ranking)
     */
    default Map<String, Object> declaredProperties() {
        Map<String, Object> properties = new HashMap<>();
        Properties declared = getClass().getAnnotation(Properties.class);
        if (declared != null) {
            properties.putAll(Map.of(DRIVER_NAME, declared.driver(), PRODUCERS, declared.producers(),
                    CONSUMERS, declared.consumers(), BOUNDED, declared.bounded()));
        }
        Ranking ranking = getClass().getAnnotation(Ranking.class);
        if (ranking != null) {
            properties.put(Ranking.PROPERTY, ranking.value());
        }
        return Map.copyOf(properties);
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

    /**
     * A driver's service ranking, as a DS component property type: {@code @QueueDriver.Ranking(200)} registers the
     * service with {@code service.ranking=200}, the manager's first choice among drivers that match a spec. Declared
     * this way (not as a property string) so that {@link #declaredProperties()} reports it too, and code that binds
     * a driver outside DS gives it the ranking DS would.
     *
     * @since 1.3
     */
    @ComponentPropertyType
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Ranking {
        /** Makes this single-element annotation the property {@code service.ranking}. */
        String PREFIX_ = "service.";
        /** The service property it sets. */
        String PROPERTY = "service.ranking";

        /** @return the service ranking: higher is preferred */
        int value();
    }
}
