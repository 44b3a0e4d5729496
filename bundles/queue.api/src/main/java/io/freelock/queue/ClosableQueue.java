package io.freelock.queue;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link ConcurrentQueue} whose producers can be shut out through the atomic step they already take to
 * claim room, so that the {@link QueueManager} can retire it in a hot swap without counting producers in and
 * out on every call. A driver's queue that implements this is swapped away from at no cost to its hot path; a
 * queue that does not still works behind a manager, which then counts its producers.
 *
 * <p>The close is one atomic step on the same variable producers claim room from (a closed bit in a ring's
 * producer index, a closed marker in a linked queue's last link), so every offer and fill is either before it
 * (its claim succeeded) or after it (it adds nothing).
 *
 * @param <E> the element type
 * @since 1.2
 */
@ProviderType
public interface ClosableQueue<E> extends ConcurrentQueue<E> {

    /**
     * Closes this queue to producers, for good; calling it again does nothing. Any thread may call it.
     *
     * <p>From the moment it returns, every {@code offer} adds nothing and returns {@code false}, and every
     * {@code fill} claims nothing more (returning what it added); neither ever calls a supplier for an element it
     * does not add. What was claimed before the close is still added and delivered: an offer's element, and a
     * fill's batch whose claim took effect first (a ring's range of positions, a linked queue's registered
     * batch), even if its supplier is still being called when the close returns. Until every such element has been
     * taken, {@link #isEmpty()} returns {@code false}: so {@code isEmpty()} answering {@code true} after the close
     * means that nothing will ever be taken from this queue again. Consumers are not affected.
     */
    void closeProducers();

    /** @return whether {@link #closeProducers()} has taken effect */
    boolean producersClosed();
}
