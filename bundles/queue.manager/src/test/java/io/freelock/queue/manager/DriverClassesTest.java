package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.internal.Pause;
import io.freelock.queue.mpsc.MpscChunkedQueue;
import io.freelock.queue.testkit.StalledProducer;
import io.freelock.queue.vyukov.VyukovQueue;

/**
 * A driver's queue keeps working after its bundle's class loader has been disposed, as Felix disposes the loader of
 * a bundle revision refreshed away while the manager still drains that revision's queue in place. The loader here
 * behaves as Felix's does then: it answers what it has already loaded (or been recorded as loading) and the JDK's
 * classes, and refuses every other class.
 */
class DriverClassesTest {

    /**
     * A consumer that must wait for a producer stalled mid-store, and a removal, on a queue whose loader is gone:
     * both need classes that no common path loads (the wait's {@link Pause}, the removal's helpers).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {MpscChunkedQueue.class, VyukovQueue.class})
    void aQueueWhoseClassesWereWalkedWaitsAndRemovesAfterItsLoaderIsDisposed(Class<?> type) throws Exception {
        BundleLoader loader = new BundleLoader(type.getPackageName());
        ConcurrentQueue<String> queue = newQueue(loader, type);
        DriverClasses.load(queue.getClass());
        StalledProducer<String> slow = StalledProducer.start(queue, "slow",
                StalledProducer.whenRunning(Thread.currentThread(), Pause.class.getName(), null));
        try {
            slow.awaitClaimed();
            loader.dispose();
            assertEquals("slow", queue.poll(), "the consumer waited for the stalled producer");
        } finally {
            slow.release();
        }
        assertEquals(1, slow.finish());
        assertTrue(queue.offer("a"));
        assertTrue(queue.offer("b"));
        assertTrue(queue.remove("b"));
        List<String> drained = new ArrayList<>();
        assertEquals(1, queue.drain(drained::add, 4));
        assertEquals(List.of("a"), drained);
        assertTrue(queue.isEmpty());
    }

    /** Without the walk the same wait fails: the loader here refuses classes as a disposed bundle's loader does. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {MpscChunkedQueue.class, VyukovQueue.class})
    void withoutTheWalkTheSameWaitCannotLoadItsClasses(Class<?> type) throws Exception {
        BundleLoader loader = new BundleLoader(type.getPackageName());
        ConcurrentQueue<String> queue = newQueue(loader, type);
        StalledProducer<String> slow = StalledProducer.start(queue, "slow", () -> false);
        try {
            slow.awaitClaimed();
            loader.dispose();
            NoClassDefFoundError refused = assertThrows(NoClassDefFoundError.class, queue::poll);
            assertInstanceOf(ClassNotFoundException.class, refused.getCause());
        } finally {
            slow.release();
        }
        slow.finish(); // its own rest of the fill may fail the same way: not what this test is about
    }

    /** What the walk starts from: the classes a class file names, by reference, as array elements, in descriptors. */
    @Test
    void aClassFileNamesItsReferencesArrayElementsAndDescribedClasses() {
        Class<?> ring = VyukovQueue.class.getSuperclass(); // the ring's algorithm, which VyukovQueue only names
        List<String> named = DriverClasses.namedClasses(ring);
        assertTrue(named.contains(Pause.class.getName()), "a helper of another bundle: " + named);
        assertTrue(named.contains(ring.getName()), "itself: " + named);
        assertTrue(named.contains("java.util.Collection"), "only in descriptors (removeAll, retainAll): " + named);
        assertTrue(named.stream().noneMatch(n -> n.startsWith("[") || n.contains("/") || n.endsWith(";")),
                "binary names only: " + named);
        assertEquals(List.of(), DriverClasses.namedClasses(((Runnable) () -> { }).getClass()), "a hidden class");
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentQueue<String> newQueue(BundleLoader loader, Class<?> type) throws Exception {
        Class<?> ours = loader.loadClass(type.getName());
        assertNotSame(type, ours, "defined by the bundle-like loader, not the test's");
        return (ConcurrentQueue<String>) (ours.getConstructors()[0].getParameterCount() == 0
                ? ours.getConstructor().newInstance()
                : ours.getConstructor(int.class).newInstance(4));
    }

    /**
     * A bundle's class loader, as far as this test needs one: it defines the classes of one package itself, from the
     * test's class path, and delegates the rest ("imports") to the test's loader. Once {@link #dispose disposed}, it
     * answers only the JDK's classes and those the JVM has recorded it as loading, and refuses the rest.
     */
    private static final class BundleLoader extends ClassLoader {

        private final String ownPackage;
        private volatile boolean disposed;

        BundleLoader(String ownPackage) {
            super("bundle " + ownPackage, DriverClassesTest.class.getClassLoader());
            this.ownPackage = ownPackage;
        }

        void dispose() {
            disposed = true;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name); // also what the JVM recorded this loader as initiating
                if (loaded != null) {
                    return loaded;
                }
                if (name.startsWith("java.")) {
                    return getParent().loadClass(name); // boot delegation, which a disposed loader still does
                }
                if (disposed) {
                    throw new ClassNotFoundException("Unable to load class '" + name + "': the loader was disposed");
                }
                if (!name.substring(0, Math.max(0, name.lastIndexOf('.'))).equals(ownPackage)) {
                    return getParent().loadClass(name);
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
