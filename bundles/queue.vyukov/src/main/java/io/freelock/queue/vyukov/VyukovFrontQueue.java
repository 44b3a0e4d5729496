package io.freelock.queue.vyukov;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;

/**
 * The {@linkplain VyukovRing Vyukov ring} as the face of a managed queue ({@link FrontQueue}): until the manager first
 * swaps the queue, the ring's own code is the managed queue's hot path, with one opaque read of a field in this same
 * object as the only addition; afterwards every call goes to the manager's queue, which drains this ring in place
 * through {@link #own()}.
 *
 * <p>A producer that misses the redirect works on the ring, which the manager treats as a retired stage whose
 * producers may still be finishing. But the manager also closes the retired ring to producers right after the swap,
 * and the ring then refuses: a refusal of the ring is the queue's answer only if the ring was the whole queue when
 * it refused. So a refused call looks again, at the closed bit (acquire) and then at the flag (volatile): if neither
 * is set yet, the first swap had not begun when the ring refused, and the ring was then full; otherwise the call goes
 * to the manager's queue, which knows what the queue holds. A full ring pays for those two reads; nothing else does.
 *
 * <p>Threads as for the ring: any number of producers and consumers, other methods from any thread.
 *
 * @param <E> the element type
 */
final class VyukovFrontQueue<E> extends VyukovRing<E> implements FrontQueue<E> {

    private static final VarHandle REDIRECTED;

    static {
        try {
            REDIRECTED = MethodHandles.lookup().findVarHandle(VyukovFrontQueue.class, "redirected", boolean.class);
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
     * needed) and with a volatile read after a refusal (see the class comment). Read-only after that, so its line
     * stays in every reader's cache.
     */
    private boolean redirected;

    VyukovFrontQueue(int capacity, ManagedQueue<E> behind) {
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
        // volatile: the manager's next steps, publishing the newer stage and closing this ring, are volatile writes
        // too; a call that reads either of them (or anything added to the newer stage) then sees this
        REDIRECTED.setVolatile(this, true);
    }

    private boolean redirected() {
        return (boolean) REDIRECTED.getOpaque(this); // opaque: see the field
    }

    /**
     * @return whether a call the ring refused must be made again on the manager's queue: the ring is closed (so it is
     *         a retired stage), or the first swap has begun; false means the ring was the whole queue when it refused
     */
    private boolean refusedAfterSwap() {
        // acquire: a refusal that found the closed bit finds it here again (one variable's reads do not go back in
        // time), and pairs with the close's CAS; the close follows the redirect, so the flag is then set too
        if (super.producersClosed()) {
            return true;
        }
        // volatile: false here puts the redirect, and so the whole swap, after this read in the synchronization
        // order, and so after the ring's refusal: the ring was the queue, full then (or, for a relaxed call, with
        // its next slot still being released)
        return (boolean) REDIRECTED.getVolatile(this);
    }

    // ---- the hot path: the ring itself until redirected ----

    @Override
    public boolean offer(E e) {
        if (redirected()) {
            return behind.offer(e);
        }
        return super.offer(e) || refusedAfterSwap() && behind.offer(e);
    }

    @Override
    public boolean relaxedOffer(E e) {
        if (redirected()) {
            return behind.relaxedOffer(e);
        }
        return super.relaxedOffer(e) || refusedAfterSwap() && behind.relaxedOffer(e);
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        if (redirected()) {
            return behind.fill(supplier, limit);
        }
        int added = super.fill(supplier, limit);
        return added == limit || !refusedAfterSwap() ? added : added + behind.fill(supplier, limit - added);
    }

    @Override
    public int relaxedFill(Supplier<? extends E> supplier, int limit) {
        if (redirected()) {
            return behind.relaxedFill(supplier, limit);
        }
        int added = super.relaxedFill(supplier, limit);
        return added == limit || !refusedAfterSwap() ? added : added + behind.relaxedFill(supplier, limit - added);
    }

    @Override
    public E poll() {
        return redirected() ? behind.poll() : super.poll();
    }

    @Override
    public E relaxedPoll() {
        return redirected() ? behind.relaxedPoll() : super.relaxedPoll();
    }

    @Override
    public E peek() {
        return redirected() ? behind.peek() : super.peek();
    }

    @Override
    public int drain(Consumer<? super E> consumer, int limit) {
        return redirected() ? behind.drain(consumer, limit) : super.drain(consumer, limit);
    }

    @Override
    public int relaxedDrain(Consumer<? super E> consumer, int limit) {
        return redirected() ? behind.relaxedDrain(consumer, limit) : super.relaxedDrain(consumer, limit);
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
     * The ring with none of the front's redirection: what the manager's first stage holds, closable and counting as
     * a {@link VyukovQueue} is. Each method calls the ring's own code directly (never one of the ring's methods that
     * calls another through {@code this}, which would reach the front's).
     */
    private final class Own extends AbstractQueue<E> implements ClosableQueue<E>, CountingQueue<E> {

        @Override
        public boolean offer(E e) {
            return VyukovFrontQueue.super.offer(e);
        }

        @Override
        public boolean relaxedOffer(E e) {
            return VyukovFrontQueue.super.relaxedOffer(e);
        }

        @Override
        public int fill(Supplier<? extends E> supplier, int limit) {
            return VyukovFrontQueue.super.fill(supplier, limit);
        }

        @Override
        public int relaxedFill(Supplier<? extends E> supplier, int limit) {
            return VyukovFrontQueue.super.relaxedFill(supplier, limit);
        }

        @Override
        public E poll() {
            return VyukovFrontQueue.super.poll();
        }

        @Override
        public E relaxedPoll() {
            return VyukovFrontQueue.super.relaxedPoll();
        }

        @Override
        public E peek() {
            return VyukovFrontQueue.super.peek();
        }

        @Override
        public int drain(Consumer<? super E> consumer, int limit) {
            return VyukovFrontQueue.super.drain(consumer, limit);
        }

        @Override
        public int relaxedDrain(Consumer<? super E> consumer, int limit) {
            return VyukovFrontQueue.super.relaxedDrain(consumer, limit);
        }

        @Override
        public void clear() {
            while (poll() != null) { // this view's poll: AbstractQueue's clear on the ring would call the front's
                // each poll takes one element
            }
        }

        @Override
        public int capacity() {
            return VyukovFrontQueue.super.capacity();
        }

        @Override
        public int size() {
            return VyukovFrontQueue.super.size();
        }

        @Override
        public boolean isEmpty() {
            return VyukovFrontQueue.super.isEmpty();
        }

        @Override
        public Iterator<E> iterator() {
            return VyukovFrontQueue.super.iterator();
        }

        @Override
        public boolean remove(Object o) {
            return VyukovFrontQueue.super.remove(o);
        }

        @Override
        public boolean removeAll(Collection<?> c) {
            return VyukovFrontQueue.super.removeAll(c);
        }

        @Override
        public boolean retainAll(Collection<?> c) {
            return VyukovFrontQueue.super.retainAll(c);
        }

        @Override
        public boolean removeIf(Predicate<? super E> filter) {
            return VyukovFrontQueue.super.removeIf(filter);
        }

        @Override
        public void closeProducers() {
            VyukovFrontQueue.super.closeProducers();
        }

        @Override
        public boolean producersClosed() {
            return VyukovFrontQueue.super.producersClosed();
        }

        @Override
        public long addedCount() {
            return VyukovFrontQueue.super.addedCount();
        }

        @Override
        public long removedCount() {
            return VyukovFrontQueue.super.removedCount();
        }
    }
}
