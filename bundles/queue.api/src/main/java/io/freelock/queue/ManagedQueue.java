package io.freelock.queue;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named queue from the {@link QueueManager}: it keeps its identity, and every element in it, while the
 * driver behind it changes. A swap loses no element, duplicates none, keeps each producer's order and
 * never makes a producer wait; a consumer may find the queue briefly empty while the previous
 * implementation's last in-flight offers complete (see {@link Stats#longestConsumerGapNanos()}). A bounded
 * queue never holds more than {@link #capacity()}, across swaps too: while an older implementation still holds
 * elements, the newer one takes only what the two hold together leaves room for.
 *
 * <p>Which threads may produce and consume is what {@link #spec()} says, as for any {@link ConcurrentQueue}.
 * A change that allows more of them takes effect only once no implementation that cannot take them is still in
 * use (see {@link #pendingChange()}). Removing an element other than the head is not offered.
 *
 * @param <E> the element type
 */
@ProviderType
public interface ManagedQueue<E> extends ConcurrentQueue<E> {

    /** @return the queue's name, unique within its manager */
    String name();

    /**
     * @return the spec in force: what the queue was opened with or last reconfigured to, naming the driver an
     *         operator swapped it to; a wider spec still pending is not in force yet (see {@link #pendingChange()})
     */
    QueueSpec spec();

    /**
     * @return why the queue is not yet where its manager wants it, for operators: a wider spec waiting for an
     *         older implementation to drain, or a better driver waiting until the queue fits its capacity; empty
     *         when nothing is pending
     * @since 1.2
     */
    default Optional<String> pendingChange() {
        return Optional.empty();
    }

    /** @return the name of the driver new elements go to now, or {@value QueueManager#FALLBACK} */
    String driver();

    /** @return what the queue has been through so far */
    Stats stats();

    /**
     * Counts kept by a managed queue.
     *
     * @param swaps times the driver behind the queue changed
     * @param migrated elements carried across swaps: what the retired implementation held at each swap, taken
     *        from it afterwards in order
     * @param longestConsumerGapNanos the longest time a consumer found nothing to take because an older
     *        implementation was still finishing its in-flight offers or being emptied
     */
    record Stats(long swaps, long migrated, long longestConsumerGapNanos) {
    }
}
