package io.freelock.queue;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link ConcurrentQueue} that can tell how many elements it has taken in and handed out since it was made,
 * because it keeps that count anyway: a ring's producer and consumer indices. A {@link QueueManager} reports a
 * managed queue's traffic from these counts at no cost to the hot path; for a queue that does not implement
 * this, the manager counts each call itself, which costs an atomic add per call while metrics are on.
 *
 * <p>Both counts only grow, and their difference is the queue's size. Any thread may read them; while producers or
 * consumers run, each is a moment's value, and once they are idle both are exact. (A queue whose {@code fill}
 * leaves an empty place when its supplier fails, as the Vyukov ring does, counts that place on both sides.)
 *
 * @param <E> the element type
 * @since 1.4
 */
@ProviderType
public interface CountingQueue<E> extends ConcurrentQueue<E> {

    /** @return how many elements this queue has accepted (by offer, fill, add) since it was made */
    long addedCount();

    /** @return how many elements have left this queue (by poll, drain, clear, remove) since it was made */
    long removedCount();
}
