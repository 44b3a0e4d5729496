package io.freelock.queue;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named queue from the {@link QueueManager}: it keeps its identity, and every element in it, while the
 * driver behind it changes. A swap loses no element, duplicates none, keeps each producer's order and
 * never makes a producer wait; a consumer may find the queue briefly empty while the previous
 * implementation's last in-flight offers complete (see {@link Stats#longestConsumerGapNanos()}).
 *
 * <p>Which threads may produce and consume is what {@link #spec()} says, as for any {@link ConcurrentQueue}.
 * Removing an element other than the head is not offered.
 *
 * @param <E> the element type
 */
@ProviderType
public interface ManagedQueue<E> extends ConcurrentQueue<E> {

    /** @return the queue's name, unique within its manager */
    String name();

    /** @return what the queue was opened with (or last reconfigured to) */
    QueueSpec spec();

    /** @return the name of the driver new elements go to now, or {@value QueueManager#FALLBACK} */
    String driver();

    /** @return what the queue has been through so far */
    Stats stats();

    /**
     * Counts kept by a managed queue.
     *
     * @param swaps times the driver behind the queue changed
     * @param migrated elements moved out of a queue whose driver was going away
     * @param longestConsumerGapNanos the longest time a consumer found nothing to take because an older
     *        implementation was still finishing its in-flight offers or being emptied
     */
    record Stats(long swaps, long migrated, long longestConsumerGapNanos) {
    }
}
