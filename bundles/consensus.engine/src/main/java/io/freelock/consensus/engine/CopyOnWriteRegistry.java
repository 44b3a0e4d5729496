package io.freelock.consensus.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.freelock.consensus.Registration;

/**
 * Listeners or validators of an engine: an immutable array behind an atomic reference, replaced by compare-and-swap
 * on every add or remove (rare) and read with one load on every commit (often). Lock-free.
 *
 * @param <T> what is registered
 */
final class CopyOnWriteRegistry<T> {

    /** One registered entry; its identity tells two registrations of the same object apart. */
    private static final class Entry<T> {
        final T value;

        Entry(T value) {
            this.value = value;
        }
    }

    private final AtomicReference<Entry<T>[]> entries;

    @SuppressWarnings("unchecked")
    CopyOnWriteRegistry() {
        entries = new AtomicReference<>(new Entry[0]);
    }

    Registration add(T value) {
        Entry<T> entry = new Entry<>(value);
        // updateAndGet: a CAS loop; the array is never changed in place, so readers never see a half-built one
        entries.updateAndGet(old -> {
            Entry<T>[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = entry;
            return grown;
        });
        return () -> remove(entry);
    }

    private void remove(Entry<T> entry) {
        // updateAndGet: the same CAS loop; a reader holding the old array finishes its walk over it undisturbed
        entries.updateAndGet(old -> {
            int at = -1;
            for (int i = 0; i < old.length && at < 0; i++) {
                at = old[i] == entry ? i : -1;
            }
            if (at < 0) {
                return old; // removed already: closing twice is harmless
            }
            Entry<T>[] shrunk = Arrays.copyOf(old, old.length - 1);
            System.arraycopy(old, at + 1, shrunk, at, old.length - at - 1);
            return shrunk;
        });
    }

    /** Removes the first registration of {@code value} (by identity), if it is still registered. */
    void remove(T value) {
        Entry<T> found = null;
        for (Entry<T> entry : entries.get()) { // volatile read: a fully built array
            if (entry.value == value) {
                found = entry;
                break;
            }
        }
        if (found != null) {
            remove(found);
        }
    }

    /** Calls {@code action} for each value registered now. */
    void forEach(Consumer<? super T> action) {
        // volatile read: sees a fully built array, whose entries are final
        for (Entry<T> entry : entries.get()) {
            action.accept(entry.value);
        }
    }

    boolean isEmpty() {
        return entries.get().length == 0;
    }
}
