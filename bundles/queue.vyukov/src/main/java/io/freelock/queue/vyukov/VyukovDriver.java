package io.freelock.queue.vyukov;

import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;

/**
 * Offers {@link VyukovQueue}: bounded, with any number of producer and consumer threads. Registered as a
 * {@link QueueDriver} service by Declarative Services, with the properties {@link QueueDriver.Properties} declares.
 */
@Component(service = QueueDriver.class)
@QueueDriver.Ranking(200)
@QueueDriver.Properties(driver = "vyukov", producers = "multi", consumers = "multi", bounded = true)
public final class VyukovDriver implements QueueDriver {

    /** For Declarative Services, and for tests. */
    public VyukovDriver() {
    }

    /**
     * @return an empty {@link VyukovQueue} holding at least {@code spec.capacity()} elements
     * @throws IllegalArgumentException with {@link QueueSpec#requireMatch}'s message if the spec needs an
     *         unbounded queue or names another driver
     */
    @Override
    public <E> ConcurrentQueue<E> create(QueueSpec spec) {
        Objects.requireNonNull(spec, "queue spec is null");
        spec.requireMatch(declaredProperties());
        return new VyukovQueue<>(spec.capacity());
    }

    /**
     * A ring that is the managed queue's own face until its first swap: see {@link VyukovFrontQueue}.
     *
     * @throws IllegalArgumentException as {@link #create}
     */
    @Override
    public <E> Optional<FrontQueue<E>> createFront(QueueSpec spec, ManagedQueue<E> behind) {
        Objects.requireNonNull(spec, "queue spec is null");
        spec.requireMatch(declaredProperties());
        return Optional.of(new VyukovFrontQueue<>(spec.capacity(), behind));
    }
}
