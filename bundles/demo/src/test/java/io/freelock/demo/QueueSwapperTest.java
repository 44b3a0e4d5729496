package io.freelock.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;

/**
 * The demo's swapper against a fake manager and fake driver bundles that behave as the real ones do where the
 * swapper can tell: an operator swap pins the queue to a driver, a stopped driver's queue goes to the next best
 * driver or the fallback, a started one takes it back if it is better.
 */
class QueueSwapperTest {

    /** The order the swapper is given, as the demo gives it: the live drivers by name. */
    private static final List<String> DRIVERS = List.of("michaelscott", "spsc", "vyukov");

    private final World world = new World();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final QueueSwapper swapper = new QueueSwapper(world, world.queue, DRIVERS, world, lines::add);

    @Test
    void operatorSwapsTakeTheQueueToEveryDriverInTurn() {
        List<String> visited = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertTrue(swapper.swapNext(), "operator swap " + i); // operator
            visited.add(world.queue.driver());
            assertTrue(swapper.swapNext(), "bundle stop " + i);   // bundle stopped
            assertTrue(swapper.restartStopped(), "bundle start " + i);
        }
        assertEquals(List.of("vyukov", "michaelscott", "spsc"), visited);
        assertEquals(9, swapper.swaps());
        assertEquals(0, swapper.refused());
        assertEquals(9, world.queue.stats().swaps());
        assertEquals(9, lines.size(), String.join("\n", lines));
        assertTrue(world.stopped.isEmpty(), "stopped: " + world.stopped);
    }

    @Test
    void eachSwapIsOneLineSayingFromWhereToWhereHowAndHowMuchWasInFlight() {
        world.queue.held = 1234;
        swapper.swapNext();
        swapper.swapNext();
        swapper.restartStopped();
        assertEquals(List.of(
                "swap 1: demo spsc -> vyukov (operator), 1,234 elements in flight",
                // the operator's swap pinned the queue to vyukov: without it, the manager's own fallback holds it
                "swap 2: demo vyukov -> fallback (bundle io.freelock.queue.vyukov stopped), 1,234 elements in flight",
                "swap 3: demo fallback -> vyukov (bundle io.freelock.queue.vyukov started), 1,234 elements in flight"),
                lines);
        assertEquals("swapper: 3 swaps of queue 'demo', 0 refused", swapper.summaryLine());
    }

    @Test
    void aStoppedBundleMovesAnUnpinnedQueueToTheNextBestDriver() {
        swapper.swapNext(); // operator: spsc -> vyukov, pinned
        world.unpin();      // as if an operator gave the queue its plain spec back
        world.move("spsc");
        swapper.swapNext();
        assertEquals("vyukov", world.queue.driver());
        assertEquals("swap 2: demo spsc -> vyukov (bundle io.freelock.queue.spsc stopped), 0 elements in flight",
                lines.get(1));
        swapper.restartStopped();
        assertEquals("spsc", world.queue.driver(), "the better driver takes the queue back");
    }

    @Test
    void aSwapTheManagerRefusesIsPrintedWithItsReasonAndTheNextOneGoesAhead() {
        world.refusal = new IllegalArgumentException(
                "cannot move queue 'demo' to vyukov: it holds 5000 elements, more than the capacity 1024");
        assertFalse(swapper.swapNext());
        assertEquals("swap 1 refused: demo spsc -> vyukov (operator): cannot move queue 'demo' to vyukov: it holds"
                + " 5000 elements, more than the capacity 1024", lines.get(0));
        assertEquals("spsc", world.queue.driver());

        swapper.swapNext(); // bundle: spsc stopped, queue to vyukov
        swapper.restartStopped();
        world.refusal = new IllegalStateException("queue 'demo' has a change pending: queue:mpmc");
        assertFalse(swapper.swapNext());
        assertEquals("swap 4 refused: demo spsc -> vyukov (operator): queue 'demo' has a change pending: queue:mpmc",
                lines.get(3));

        swapper.swapNext(); // bundle
        swapper.restartStopped();
        assertTrue(swapper.swapNext(), "the manager takes a swap again");
        assertEquals("vyukov", world.queue.driver());
        assertEquals(2, swapper.refused());
        assertEquals(5, swapper.swaps());
    }

    @Test
    void aSwapToADriverThatIsGoneIsRefusedAsWell() {
        world.live.remove("vyukov");
        assertFalse(swapper.swapNext());
        assertEquals("swap 1 refused: demo spsc -> vyukov (operator): no live driver 'vyukov'", lines.get(0));
    }

    @Test
    void aBundleThatWillNotStopOrStartIsARefusalAndNothingIsLeftToRestart() {
        world.failStop = true;
        swapper.swapNext(); // operator
        assertFalse(swapper.swapNext());
        assertTrue(lines.get(1).startsWith("swap 2 refused: demo vyukov (bundle io.freelock.queue.vyukov stopped):"
                + " could not stop it: "), lines.get(1));
        assertFalse(swapper.restartStopped(), "nothing was stopped");

        world.failStop = false;
        world.failStart = true;
        swapper.swapNext(); // operator: vyukov -> michaelscott
        swapper.swapNext(); // michaelscott stopped
        assertFalse(swapper.restartStopped());
        assertTrue(lines.get(lines.size() - 1).startsWith("swap 5 refused: demo fallback (bundle"
                + " io.freelock.queue.michaelscott started): could not start it: "), lines.get(lines.size() - 1));
        assertEquals(2, swapper.refused());
    }

    @Test
    void onTheFallbackThereIsNoBundleToStop() {
        world.move(QueueManager.FALLBACK);
        swapper.swapNext(); // operator: fallback -> michaelscott, the first of the list
        assertEquals("michaelscott", world.queue.driver());
        world.move(QueueManager.FALLBACK);
        assertFalse(swapper.swapNext());
        assertEquals("swap 2 refused: demo fallback (stopping its bundle): no live driver 'fallback' to stop",
                lines.get(1));
    }

    @Test
    void closeStartsAgainTheBundleItStopped() {
        swapper.swapNext();
        swapper.swapNext();
        assertEquals(Set.of("vyukov"), world.stopped);
        swapper.close();
        assertTrue(world.stopped.isEmpty());
        assertEquals("vyukov", world.queue.driver());
        assertEquals("swap 3: demo fallback -> vyukov (bundle io.freelock.queue.vyukov started), 0 elements in flight",
                lines.get(2));
    }

    @Test
    void restoreSpecGivesThePinnedQueueBackItsSpecSoTheManagerChoosesAgain() {
        assertEquals("", swapper.restoreSpec(), "nothing to give back before any swap");
        swapper.swapNext();
        assertEquals(QueueSpec.parse("queue:spsc?driver=vyukov"), world.queue.spec());
        assertEquals("queue 'demo' given back its spec queue:spsc: vyukov -> spsc", swapper.restoreSpec());
        assertEquals(QueueSpec.parse("queue:spsc"), world.queue.spec());

        swapper.swapNext(); // bundle: spsc -> vyukov
        swapper.restartStopped();
        swapper.swapNext(); // operator: spsc -> vyukov, pinned
        world.refusal = new IllegalStateException("a change is pending");
        assertEquals("queue 'demo' keeps spec queue:spsc?driver=vyukov: a change is pending", swapper.restoreSpec());
    }

    @Test
    void onItsOwnThreadItSwapsUntilClosedAndLeavesNoBundleStopped() {
        swapper.start(40);
        Await.until("a bundle stopped by the swapper", () -> world.stops.get() > 0);
        Await.until("three swaps", () -> swapper.swaps() >= 3);
        swapper.close();
        assertTrue(world.stopped.isEmpty(), "stopped after close: " + world.stopped);
        long swaps = swapper.swaps();
        assertEquals(swaps, lines.stream().filter(line -> line.matches("swap \\d+: .*")).count(), String.join("\n", lines));
        swapper.close(); // again: nothing to do
        assertEquals(swaps, swapper.swaps());
    }

    @Test
    void closedWhileABundleIsStoppedItStillStartsItAgain() {
        swapper.start(400); // the stop comes at 600 ms, its restart 200 ms later
        Await.until("a bundle stopped by the swapper", () -> !world.stopped.isEmpty());
        swapper.close();
        assertTrue(world.stopped.isEmpty(), "stopped after close: " + world.stopped);
        // started again by close, or by the swapper if close came late: either way the last line says so
        assertTrue(lines.get(lines.size() - 1).matches("swap \\d+: demo fallback -> \\w+ \\(bundle"
                + " io.freelock.queue.\\w+ started\\), \\d+ elements in flight"), String.join("\n", lines));
    }

    @Test
    void theDemoSwapsEveryTwoSecondsOrThriceInAShortPhase() {
        assertEquals(2_000, QueueDemo.swapInterval(6_000));
        assertEquals(2_000, QueueDemo.swapInterval(60_000));
        assertEquals(300, QueueDemo.swapInterval(900));
        assertEquals(1, QueueDemo.swapInterval(1));
    }

    /**
     * A queue manager with one queue and driver bundles that come and go. Drivers rank spsc, vyukov, michaelscott;
     * a queue whose spec names a driver stays on it, or on the fallback while it is gone.
     */
    private static final class World implements QueueManager, QueueSwapper.DriverBundles {

        private static final List<String> BEST_FIRST = List.of("spsc", "vyukov", "michaelscott");

        final Set<String> live = ConcurrentHashMap.newKeySet();
        final Set<String> stopped = ConcurrentHashMap.newKeySet();
        final AtomicInteger stops = new AtomicInteger();
        final FakeQueue queue = new FakeQueue();
        volatile RuntimeException refusal; // thrown by the next swap or respecify
        volatile boolean failStop;
        volatile boolean failStart;

        World() {
            live.addAll(BEST_FIRST);
        }

        synchronized void move(String driver) {
            queue.driver = driver;
            queue.swaps++;
        }

        synchronized void unpin() {
            queue.spec = QueueSpec.parse("queue:spsc");
        }

        private String best(QueueSpec spec) {
            Optional<String> named = spec.driver();
            if (named.isPresent()) {
                return live.contains(named.get()) ? named.get() : FALLBACK;
            }
            return BEST_FIRST.stream().filter(live::contains).findFirst().orElse(FALLBACK);
        }

        private void refuseIfAsked() {
            RuntimeException r = refusal;
            if (r != null) {
                refusal = null;
                throw r;
            }
        }

        @Override
        public synchronized void swap(String name, String driver) {
            refuseIfAsked();
            if (!live.contains(driver)) {
                throw new IllegalArgumentException("no live driver '" + driver + "'");
            }
            queue.spec = queue.spec.withDriver(driver);
            move(driver);
        }

        @Override
        public synchronized void respecify(String name, QueueSpec spec) {
            refuseIfAsked();
            queue.spec = spec;
            String best = best(spec);
            if (!best.equals(queue.driver)) {
                move(best);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <E> ManagedQueue<E> open(String name, QueueSpec spec) {
            return (ManagedQueue<E>) queue;
        }

        @Override
        public Optional<ManagedQueue<?>> find(String name) {
            return Optional.of(queue);
        }

        @Override
        public Collection<ManagedQueue<?>> queues() {
            return List.of(queue);
        }

        @Override
        public QueueSwapper.DriverBundle bundleOf(String driver) {
            return live.contains(driver) ? new FakeBundle(driver) : null;
        }

        private final class FakeBundle implements QueueSwapper.DriverBundle {
            private final String driver;

            FakeBundle(String driver) {
                this.driver = driver;
            }

            @Override
            public String name() {
                return "io.freelock.queue." + driver;
            }

            @Override
            public void stop() throws Exception {
                synchronized (World.this) {
                    if (failStop) {
                        throw new Exception("stop refused");
                    }
                    live.remove(driver);
                    stopped.add(driver);
                    stops.incrementAndGet();
                    if (queue.driver.equals(driver)) {
                        move(best(queue.spec));
                    }
                }
            }

            @Override
            public void start() throws Exception {
                synchronized (World.this) {
                    if (failStart) {
                        throw new IllegalStateException("bundle uninstalled");
                    }
                    live.add(driver);
                    stopped.remove(driver);
                    String best = best(queue.spec);
                    if (queue.driver.equals(FALLBACK)
                            || !best.equals(queue.driver) && BEST_FIRST.indexOf(best) < BEST_FIRST.indexOf(queue.driver)) {
                        move(best);
                    }
                }
            }
        }
    }

    /** Only what the swapper reads: name, spec, driver, size and swaps. */
    private static final class FakeQueue extends AbstractQueue<Long> implements ManagedQueue<Long> {
        volatile String driver = "spsc";
        volatile QueueSpec spec = QueueSpec.parse("queue:spsc");
        volatile long swaps;
        volatile int held;

        @Override
        public String name() {
            return "demo";
        }

        @Override
        public QueueSpec spec() {
            return spec;
        }

        @Override
        public String driver() {
            return driver;
        }

        @Override
        public Stats stats() {
            return new Stats(swaps, 0, 0);
        }

        @Override
        public int size() {
            return held;
        }

        @Override
        public int capacity() {
            return UNBOUNDED_CAPACITY;
        }

        @Override
        public int fill(Supplier<? extends Long> supplier, int limit) {
            return 0;
        }

        @Override
        public boolean offer(Long element) {
            return false;
        }

        @Override
        public Long poll() {
            return null;
        }

        @Override
        public Long peek() {
            return null;
        }

        @Override
        public Iterator<Long> iterator() {
            return Collections.emptyIterator();
        }
    }
}
