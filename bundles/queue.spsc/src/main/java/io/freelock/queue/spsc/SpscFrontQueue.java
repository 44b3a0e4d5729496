package io.freelock.queue.spsc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;

/**
 * The {@linkplain SpscRing SPSC ring} as the face of a managed queue ({@link FrontQueue}): until the manager first
 * swaps the queue, the ring's own code is the managed queue's hot path, with one opaque read of a field in this
 * same object as the only addition; afterwards every call goes to the manager's queue, which drains this ring in
 * place through {@link #own()}.
 *
 * <p>Threads as for the ring: one producer, one consumer, other methods from any thread.
 *
 * @param <E> the element type
 */
final class SpscFrontQueue<E> extends SpscRing<E> implements FrontQueue<E> {

    private static final VarHandle REDIRECTED;

    static {
        try {
            REDIRECTED = MethodHandles.lookup().findVarHandle(SpscFrontQueue.class, "redirected", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The manager's queue: where every call goes once {@link #redirected}. */
    private final ManagedQueue<E> behind;
    /** The ring without the front: the manager's first stage. */
    private final Own own = new Own();
    /**
     * Set once, by {@link #redirect()}; read opaquely once per hot call (see FrontQueue for why nothing stronger is
     * needed). Read-only after that, so its line stays in every reader's cache.
     */
    private boolean redirected;

    SpscFrontQueue(int capacity, ManagedQueue<E> behind) {
        super(capacity);
        this.behind = Objects.requireNonNull(behind, "managed queue is null");
    }

    @Override
    public ManagedQueue<E> behind() {
        return behind;
    }

    @Override
    public ConcurrentQueue<E> own() {
        return own;
    }

    @Override
    public void redirect() {
        // volatile: the manager's next step, publishing the newer stage, is a volatile write too; a call that reads
        // that stage (or anything added to it) then sees this
        REDIRECTED.setVolatile(this, true);
    }

    private boolean redirected() {
        return (boolean) REDIRECTED.getOpaque(this); // opaque: see the field
    }

    // ---- the hot path: the ring itself until redirected ----

    @Override
    public boolean offer(E e) {
        return redirected() ? behind.offer(e) : super.offer(e);
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        return redirected() ? behind.fill(supplier, limit) : super.fill(supplier, limit);
    }

    @Override
    public E poll() {
        return redirected() ? behind.poll() : super.poll();
    }

    @Override
    public E peek() {
        return redirected() ? behind.peek() : super.peek();
    }

    @Override
    public int drain(Consumer<? super E> consumer, int limit) {
        return redirected() ? behind.drain(consumer, limit) : super.drain(consumer, limit);
    }

    // ---- everything else: the manager's queue, which sees every stage ----

    @Override
    public int capacity() {
        return behind.capacity();
    }

    @Override
    public int size() {
        return behind.size();
    }

    @Override
    public boolean isEmpty() {
        return behind.isEmpty();
    }

    @Override
    public Iterator<E> iterator() {
        return behind.iterator();
    }

    @Override
    public void clear() {
        behind.clear();
    }

    @Override
    public boolean remove(Object o) {
        return behind.remove(o);
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        return behind.removeAll(c);
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        return behind.retainAll(c);
    }

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        return behind.removeIf(filter);
    }

    @Override
    public String toString() {
        return behind.toString();
    }

    /**
     * The ring with none of the front's redirection: what the manager's first stage holds. Each method calls the
     * ring's own code directly (never one of the ring's methods that calls another through {@code this}, which would
     * reach the front's).
     */
    private final class Own extends AbstractQueue<E> implements CountingQueue<E> {

        @Override
        public boolean offer(E e) {
            return SpscFrontQueue.super.offer(e);
        }

        @Override
        public int fill(Supplier<? extends E> supplier, int limit) {
            return SpscFrontQueue.super.fill(supplier, limit);
        }

        @Override
        public E poll() {
            return SpscFrontQueue.super.poll();
        }

        @Override
        public E peek() {
            return SpscFrontQueue.super.peek();
        }

        @Override
        public int drain(Consumer<? super E> consumer, int limit) {
            return SpscFrontQueue.super.drain(consumer, limit);
        }

        @Override
        public void clear() {
            while (poll() != null) { // this view's poll: the ring's clear would call the front's
                // each poll frees one slot
            }
        }

        @Override
        public int capacity() {
            return SpscFrontQueue.super.capacity();
        }

        @Override
        public int size() {
            return SpscFrontQueue.super.size();
        }

        @Override
        public boolean isEmpty() {
            return SpscFrontQueue.super.isEmpty();
        }

        @Override
        public Iterator<E> iterator() {
            return SpscFrontQueue.super.iterator();
        }

        @Override
        public boolean remove(Object o) {
            return SpscFrontQueue.super.remove(o);
        }

        @Override
        public boolean removeAll(Collection<?> c) {
            return SpscFrontQueue.super.removeAll(c);
        }

        @Override
        public boolean retainAll(Collection<?> c) {
            return SpscFrontQueue.super.retainAll(c);
        }

        @Override
        public boolean removeIf(Predicate<? super E> filter) {
            return SpscFrontQueue.super.removeIf(filter);
        }

        @Override
        public long addedCount() {
            return SpscFrontQueue.super.addedCount();
        }

        @Override
        public long removedCount() {
            return SpscFrontQueue.super.removedCount();
        }
    }
}
