package io.freelock.queue;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver's queue that is also the face of a {@link ManagedQueue}: the object a {@link QueueManager} hands out
 * when the driver a managed queue opens on can make one ({@link QueueDriver#createFront}). Until the manager first
 * moves the queue to another implementation, offers and polls work on the driver's queue itself, so the managed
 * queue costs nothing over the bare one, not even a forwarding call. From {@link #redirect()} on, every call goes
 * to the manager's queue {@link #behind()} it, for good, and that queue drains {@link #own()} in place like any
 * implementation it has retired.
 *
 * <p><b>What an implementation must do.</b>
 * <ul>
 * <li>{@code offer}, {@code poll}, {@code peek}, {@code fill}, {@code drain} (and what {@code AbstractQueue} builds
 * on them) work on {@link #own()} until they find the front redirected, then pass to {@link #behind()}. The flag
 * is read once per call and needs no stronger read than opaque: it is set before the swap publishes the newer
 * implementation, which every producer of the newer one reads, so a call that must see it (one that happens after
 * an element was added to the newer implementation) does; a call that misses it works on {@code own()}, which the
 * manager treats as a retired implementation whose producers and consumers may still be finishing.</li>
 * <li>Every other method ({@code size}, {@code isEmpty}, {@code capacity}, {@code iterator}, removal, the
 * {@link ManagedQueue} methods) always passes to {@link #behind()}, which sees every implementation in use.</li>
 * <li>{@link #own()} is a view of the same queue that never passes anything on: the manager's first
 * implementation. It implements {@link CountingQueue} if the driver's plain queue does.</li>
 * </ul>
 *
 * <p>Implemented by drivers; hosts only ever see it as a {@link ManagedQueue}.
 *
 * @param <E> the element type
 * @since 1.5
 */
@ConsumerType
public interface FrontQueue<E> extends ManagedQueue<E> {

    /** @return the manager's queue this front stands for: given to {@link QueueDriver#createFront} */
    ManagedQueue<E> behind();

    /** @return the driver's queue itself, as the manager's first implementation; never passes a call on */
    ConcurrentQueue<E> own();

    /**
     * From now on every call passes to {@link #behind()}; for good, and calling it again does nothing. Called by the
     * manager under its lock, before it publishes the queue's next implementation; or earlier, without a move, when
     * it must see every call: to count the traffic of a queue that keeps no count of its own ({@link #own()} not a
     * {@link CountingQueue}) once a metrics registry reports it. Then {@link #own()} stays the implementation in use.
     */
    void redirect();

    @Override
    default String name() {
        return behind().name();
    }

    @Override
    default QueueSpec spec() {
        return behind().spec();
    }

    @Override
    default Optional<String> pendingChange() {
        return behind().pendingChange();
    }

    @Override
    default String driver() {
        return behind().driver();
    }

    @Override
    default Stats stats() {
        return behind().stats();
    }
}
