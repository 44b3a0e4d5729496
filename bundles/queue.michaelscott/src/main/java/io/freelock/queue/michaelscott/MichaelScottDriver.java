package io.freelock.queue.michaelscott;

import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.QueueSpec.Access;

/**
 * Offers the unbounded linked queues of this bundle: {@link MichaelScottQueue} for any number of producers and
 * consumers, and {@link SpscLinkedQueue} when the spec asks for one of each. Stateless; any thread may call it.
 */
@Component(service = QueueDriver.class)
@QueueDriver.Ranking(100)
@QueueDriver.Properties(driver = "michaelscott", producers = "multi", consumers = "multi", bounded = false)
public final class MichaelScottDriver implements QueueDriver {

    /** For Declarative Services, and for tests. */
    public MichaelScottDriver() {
    }

    /**
     * {@inheritDoc} Refuses a bounded spec ({@code capacity=} or {@code bounded=true}) and a spec naming another
     * driver, with the reason {@link QueueSpec#requireMatch} gives.
     */
    @Override
    public <E> ConcurrentQueue<E> create(QueueSpec spec) {
        Objects.requireNonNull(spec, "queue spec is null");
        spec.requireMatch(declaredProperties());
        // The spec decides the class, never the caller: a host that promised one producer and one consumer
        // (queue:spsc, unbounded or with no bound) gets the queue without CAS; every other shape needs the
        // CASes of Michael-Scott on at least one side. Being made for the spec, the SPSC class needs no runtime
        // flag in its hot path.
        if (oneOfEach(spec)) {
            return new SpscLinkedQueue<>();
        }
        return new MichaelScottQueue<>();
    }

    /**
     * For the specs {@link #create} answers with a {@link MichaelScottQueue}: a list that is the managed queue's own
     * face until its first swap (see {@link MichaelScottFrontQueue}). None for one producer and one consumer.
     *
     * @throws IllegalArgumentException as {@link #create}
     */
    @Override
    public <E> Optional<FrontQueue<E>> createFront(QueueSpec spec, ManagedQueue<E> behind) {
        Objects.requireNonNull(spec, "queue spec is null");
        spec.requireMatch(declaredProperties());
        Objects.requireNonNull(behind, "managed queue is null");
        if (oneOfEach(spec)) {
            return Optional.empty();
        }
        return Optional.of(new MichaelScottFrontQueue<>(behind));
    }

    /** @return whether {@code spec} promises one producer and one consumer: what {@link SpscLinkedQueue} is for */
    private static boolean oneOfEach(QueueSpec spec) {
        return spec.producers() == Access.SINGLE && spec.consumers() == Access.SINGLE;
    }
}
