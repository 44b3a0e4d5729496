package io.freelock.queue.mpsc;

import java.util.Objects;

import org.osgi.service.component.annotations.Component;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;

/**
 * Offers {@link MpscChunkedQueue}: unbounded, any number of producer threads, one consumer thread. Registered as a
 * {@link QueueDriver} service by Declarative Services. Its ranking (150) puts it above the Michael-Scott driver (100)
 * for the specs both can take, the unbounded ones with one consumer ({@code queue:mpsc?bounded=false},
 * {@code queue:spsc?bounded=false}); it takes no spec with several consumers, and the rings (200, 300) stay first
 * where a spec lets the queue be bounded. Stateless; any thread may call it.
 */
@Component(service = QueueDriver.class)
@QueueDriver.Ranking(150)
@QueueDriver.Properties(driver = "mpsc", producers = "multi", consumers = "single", bounded = false)
public final class MpscDriver implements QueueDriver {

    /** For Declarative Services, and for tests. */
    public MpscDriver() {
    }

    /**
     * @return an empty {@link MpscChunkedQueue}
     * @throws IllegalArgumentException with {@link QueueSpec#requireMatch}'s message if the spec needs several
     *         consumers or a bounded queue, or names another driver
     */
    @Override
    public <E> ConcurrentQueue<E> create(QueueSpec spec) {
        Objects.requireNonNull(spec, "queue spec is null");
        spec.requireMatch(declaredProperties());
        return new MpscChunkedQueue<>();
    }
}
