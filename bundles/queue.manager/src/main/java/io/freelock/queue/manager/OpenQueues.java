package io.freelock.queue.manager;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * The manager's queues as this bundle's own components see them (QueueMetrics meters them): a service type of
 * the bundle's private package, registered by {@link HotSwapQueueManager} next to its public {@code QueueManager},
 * so that a component reaches the queues by a reference of its own instead of downcasting the public service.
 */
public interface OpenQueues {

    /** Calls {@code observer} with every open queue and, until {@link #unobserve}, every queue opened later. */
    void observe(Consumer<HotSwapQueue<?>> observer);

    /** Stops calling {@code observer}. */
    void unobserve(Consumer<HotSwapQueue<?>> observer);

    /** @return the queues open now */
    Collection<HotSwapQueue<?>> managedQueues();
}
