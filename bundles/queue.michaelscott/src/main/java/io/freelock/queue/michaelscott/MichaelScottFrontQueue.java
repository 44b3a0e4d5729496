package io.freelock.queue.michaelscott;

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
import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;

/**
 * The {@linkplain MichaelScottList Michael-Scott list} as the face of a managed queue ({@link FrontQueue}): until the
 * manager first swaps the queue, the list's own code is the managed queue's hot path, with one opaque read of a field
 * in this same object as the only addition; afterwards every call goes to the manager's queue, which drains this list
 * in place through {@link #own()}.
 *
 * <p>A producer that misses the redirect works on the list, which the manager treats as a retired stage whose
 * producers may still be finishing. The manager also closes the retired list to producers, after the redirect; an
 * unbounded list refuses nothing else, so a refused offer or a short fill is always one that met the close, and it
 * makes the call again (or the rest of it) on the manager's queue, which is where the queue's elements go by then.
 *
 * <p>The list has no relaxed calls of its own: {@code relaxedOffer} and the rest are the interface's, which make the
 * strict calls of the same object, so they take the front's way (and {@link #own()}'s the list's).
 *
 * <p>Threads as for the list: any number of producers and consumers, other methods from any thread.
 *
 * @param <E> the element type
 */
final class MichaelScottFrontQueue<E> extends MichaelScottList<E> implements FrontQueue<E> {

    private static final VarHandle REDIRECTED;

    static {
        try {
            REDIRECTED = MethodHandles.lookup().findVarHandle(MichaelScottFrontQueue.class, "redirected", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The manager's queue: where every call goes once {@link #redirected}. */
    private final ManagedQueue<E> behind;
    /** The list without the front: the manager's first stage. */
    private final Own own = new Own();
    /**
     * Set once, by {@link #redirect()}; read opaquely once per hot call (see FrontQueue for why nothing stronger is
     * needed). Read-only after that, so its line stays in every reader's cache.
     */
    private boolean redirected;

    MichaelScottFrontQueue(ManagedQueue<E> behind) {
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
        // volatile: the manager's next steps, publishing the newer stage and closing this list, are volatile writes
        // too; a call that reads either of them (or anything added to the newer stage) then sees this
        REDIRECTED.setVolatile(this, true);
    }

    private boolean redirected() {
        return (boolean) REDIRECTED.getOpaque(this); // opaque: see the field
    }

    // ---- the hot path: the list itself until redirected ----

    @Override
    public boolean offer(E e) {
        if (redirected()) {
            return behind.offer(e);
        }
        return super.offer(e) || behind.offer(e); // refused: closed, so redirected (see the class comment)
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        if (redirected()) {
            return behind.fill(supplier, limit);
        }
        int added = super.fill(supplier, limit);
        return added == limit ? added : added + behind.fill(supplier, limit - added);
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
     * The list with none of the front's redirection: what the manager's first stage holds, closable as a
     * {@link MichaelScottQueue} is. Each method calls the list's own code directly (never one of the list's methods
     * that calls another through {@code this}, which would reach the front's).
     */
    private final class Own extends AbstractQueue<E> implements ClosableQueue<E> {

        @Override
        public boolean offer(E e) {
            return MichaelScottFrontQueue.super.offer(e);
        }

        @Override
        public int fill(Supplier<? extends E> supplier, int limit) {
            return MichaelScottFrontQueue.super.fill(supplier, limit);
        }

        @Override
        public E poll() {
            return MichaelScottFrontQueue.super.poll();
        }

        @Override
        public E peek() {
            return MichaelScottFrontQueue.super.peek();
        }

        @Override
        public int drain(Consumer<? super E> consumer, int limit) {
            return MichaelScottFrontQueue.super.drain(consumer, limit);
        }

        @Override
        public void clear() {
            while (poll() != null) { // this view's poll: AbstractQueue's clear on the list would call the front's
                // each poll takes one element
            }
        }

        @Override
        public int capacity() {
            return MichaelScottFrontQueue.super.capacity();
        }

        @Override
        public int size() {
            return MichaelScottFrontQueue.super.size();
        }

        @Override
        public boolean isEmpty() {
            return MichaelScottFrontQueue.super.isEmpty();
        }

        @Override
        public Iterator<E> iterator() {
            return MichaelScottFrontQueue.super.iterator();
        }

        @Override
        public boolean remove(Object o) {
            return MichaelScottFrontQueue.super.remove(o);
        }

        @Override
        public boolean removeAll(Collection<?> c) {
            return MichaelScottFrontQueue.super.removeAll(c);
        }

        @Override
        public boolean retainAll(Collection<?> c) {
            return MichaelScottFrontQueue.super.retainAll(c);
        }

        @Override
        public boolean removeIf(Predicate<? super E> filter) {
            return MichaelScottFrontQueue.super.removeIf(filter);
        }

        @Override
        public void closeProducers() {
            MichaelScottFrontQueue.super.closeProducers();
        }

        @Override
        public boolean producersClosed() {
            return MichaelScottFrontQueue.super.producersClosed();
        }
    }
}
