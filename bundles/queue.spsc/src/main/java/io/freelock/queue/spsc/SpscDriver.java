package io.freelock.queue.spsc;

import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;

/**
 * Offers {@link SpscRingQueue} as the {@code spsc} driver: one producer, one consumer, bounded. Ranked
 * above the general drivers because, where a spec allows it, a ring without compare-and-set is the
 * cheaper queue.
 */
@Component(service = QueueDriver.class)
@QueueDriver.Ranking(300)
@QueueDriver.Properties(driver = "spsc", producers = "single", consumers = "single", bounded = true)
public final class SpscDriver implements QueueDriver {

    /** For DS, and for tests that use the driver without a framework. */
    public SpscDriver() {
    }

    /**
     * @throws IllegalArgumentException if the spec needs several producers or consumers, an unbounded
     *         queue or another driver, in {@link QueueSpec#requireMatch}'s words
     */
    @Override
    public <E> ConcurrentQueue<E> create(QueueSpec spec) {
        Objects.requireNonNull(spec, "queue spec is null");
        spec.requireMatch(declaredProperties());
        return new SpscRingQueue<>(spec.capacity());
    }

    /** A ring that is the managed queue's own face until its first swap: see {@link SpscFrontQueue}. */
    @Override
    public <E> Optional<FrontQueue<E>> createFront(QueueSpec spec, ManagedQueue<E> behind) {
        Objects.requireNonNull(spec, "queue spec is null");
        spec.requireMatch(declaredProperties());
        return Optional.of(new SpscFrontQueue<>(spec.capacity(), behind));
    }
}
