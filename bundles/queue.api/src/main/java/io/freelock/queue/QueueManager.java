package io.freelock.queue;

import java.util.Collection;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Hands out named {@link ManagedQueue}s bound to the best live {@link QueueDriver}, the way
 * {@code DriverManager} hands out connections: the driver the spec names, or else the best match by what
 * the spec needs and then by {@code service.ranking}. When a better driver appears, the current one goes
 * away, or an operator asks, the queue moves to another driver without losing anything; with no matching
 * driver left it runs on a fallback inside the manager ({@value #FALLBACK}) until one returns.
 */
@ProviderType
public interface QueueManager {

    /** What {@link ManagedQueue#driver()} says while no driver serves the queue. */
    String FALLBACK = "fallback";

    /**
     * Opens the queue called {@code name}, creating it on first use.
     *
     * @throws IllegalArgumentException if the spec is malformed, or the queue is open already with another spec
     * @throws NullPointerException if an argument is null
     */
    <E> ManagedQueue<E> open(String name, QueueSpec spec);

    /** @return the queue called {@code name}, if it is open */
    Optional<ManagedQueue<?>> find(String name);

    /** @return every open queue */
    Collection<ManagedQueue<?>> queues();

    /**
     * Moves the queue to the named driver and keeps it there: its spec names that driver from now on.
     *
     * @throws IllegalArgumentException saying why, if there is no such queue or live driver, or the driver
     *         cannot honour the queue (a single-producer driver for a multi-producer queue, a capacity
     *         smaller than the elements held); then nothing changes
     */
    void swap(String name, String driver);

    /**
     * Gives the queue a new spec and moves it to the best driver for it.
     *
     * <p>A spec that allows more producer or consumer threads than an implementation still in use can take (say
     * {@code queue:mpmc} while elements remain in a single-consumer ring) cannot be in force until that
     * implementation is drained, or a second consumer could corrupt it. Then the producers move to the new driver
     * at once, the old spec stays in force, the change is pending ({@link ManagedQueue#pendingChange()}) and takes
     * effect by itself once the old implementation is finished, and this method throws
     * {@link IllegalStateException} saying so: start the extra threads only once {@link ManagedQueue#spec()}
     * shows the new spec.
     *
     * @throws IllegalArgumentException saying why, if there is no such queue or the spec cannot hold what
     *         the queue holds; then nothing changes
     * @throws IllegalStateException if the change is accepted but pending, as above
     */
    void respecify(String name, QueueSpec spec);
}
