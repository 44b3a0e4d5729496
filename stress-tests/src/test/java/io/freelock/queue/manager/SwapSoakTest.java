package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.michaelscott.MichaelScottDriver;
import io.freelock.queue.spsc.SpscDriver;
import io.freelock.queue.testkit.DriverServices;
import io.freelock.queue.testkit.Exchange;
import io.freelock.queue.vyukov.VyukovDriver;

/**
 * The soak: swaps of every kind, as fast as the manager makes them, while producers and consumers exchange
 * numbered elements through the queue, each exchange checked for loss, duplicates and each producer's order.
 * Kinds, in turn: an operator swap, a respecify (wider and narrower), a driver leaving, a driver coming back;
 * a third of the exchanges fill with suppliers that dawdle, so that producers are often inside a stage when it
 * is retired.
 *
 * <p>{@code mvn verify} runs the short form ({@value #SHORT} swap steps per shape, the kinds in turn). The long
 * one, for issue 12's "at least 1,000,000 swaps of every kind", is {@code stress-tests/soak}
 * ({@code -Dsoak.perKind=1000000}): the swapper goes on until every kind has swapped that many times.
 */
class SwapSoakTest {

    static final int SHORT = 20_000;
    /** The kinds of step, in the order the swapper takes them (step i is of kind i % 4). */
    static final String[] KINDS = {"operator swap", "respecify", "driver leaving", "driver returning"};
    /** Long form: how many swaps of each kind to make; 0 for the short form. */
    private static final long PER_KIND = Long.getLong("soak.perKind", 0);
    /** How many steps at most; the long form's bound is far above what it needs, so that it cannot spin forever. */
    private static final long STEPS = PER_KIND == 0 ? Integer.getInteger("soak.swaps", SHORT) : PER_KIND * 40;

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Map<String, QueueDriver> services = new HashMap<>();
    private final Map<String, Map<String, Object>> properties = new HashMap<>();
    /** The drivers bound now, by name. */
    private final Set<String> live = new HashSet<>();
    private Tally tally;

    SwapSoakTest() {
        add(new VyukovDriver(), 11);
        add(new SpscDriver(), 12);
        add(new MichaelScottDriver(), 13);
        services.keySet().forEach(this::bind);
    }

    /** Two producers and two consumers on an MPMC queue, across rings, the linked queue and the fallback. */
    @Test
    void twoProducersTwoConsumers() throws Exception {
        ManagedQueue<Long> queue = manager.open("mpmc", QueueSpec.parse("queue:mpmc?capacity=1024"));
        String[] specs = {"queue:mpmc?bounded=false", "queue:mpmc?capacity=4096", "queue:mpmc?capacity=1024"};
        Tally tally = soak(queue, 2, 2, kind -> {
            switch (kind % 4) {
                case 0: return swap("mpmc", kind % 8 == 0 ? "vyukov" : "michaelscott");
                case 1: return respecify("mpmc", specs[(kind / 4) % specs.length]);
                case 2: return unbind(kind % 8 == 2 ? "vyukov" : "michaelscott");
                default: return bindAll();
            }
        });
        System.out.println("soak mpmc, 2 producers, 2 consumers: " + tally + "; " + queue.stats());
        tally.assertEnough();
    }

    /** One producer and one consumer on a single-producer spec: the SPSC ring, widenings and narrowings. */
    @Test
    void oneProducerOneConsumer() throws Exception {
        ManagedQueue<Long> queue = manager.open("spsc", QueueSpec.parse("queue:spsc"));
        String[] drivers = {"spsc", "vyukov", "michaelscott"};
        String[] specs = {"queue:mpsc", "queue:spsc", "queue:spmc", "queue:spsc"};
        Tally tally = soak(queue, 1, 1, kind -> {
            switch (kind % 4) {
                case 0: return swap("spsc", drivers[(kind / 4) % drivers.length]);
                case 1: return respecify("spsc", specs[(kind / 4) % specs.length]);
                case 2: return unbind("spsc");
                default: return bindAll();
            }
        });
        System.out.println("soak spsc, 1 producer, 1 consumer: " + tally + "; " + queue.stats());
        tally.assertEnough();
    }

    /** What the swapper did; a step returns whether it swapped, and counts its refusals itself. */
    static final class Tally {
        final AtomicLong swaps = new AtomicLong();
        /** Swaps made by steps of each of {@link #KINDS}; written by the swapper, read after it is joined. */
        final long[] byKind = new long[KINDS.length];
        long steps;
        final AtomicLong refused = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        long exchanges;
        long elements;

        boolean enoughOfEveryKind() {
            return PER_KIND > 0 && Arrays.stream(byKind).allMatch(n -> n >= PER_KIND);
        }

        void assertEnough() {
            if (PER_KIND > 0) {
                assertTrue(enoughOfEveryKind(), "every kind swapped " + PER_KIND + " times: " + this);
            } else {
                // Of each kind, a tenth of its steps at least. Not a share of all steps: how many are refused (a
                // ring too small for what the queue holds while the consumer lags) depends on the machine's speed.
                long least = steps / KINDS.length / 10;
                assertTrue(Arrays.stream(byKind).allMatch(n -> n >= least),
                        "every kind swapped in a tenth of its steps at least: " + this);
            }
        }

        @Override
        public String toString() {
            StringBuilder kinds = new StringBuilder();
            for (int k = 0; k < KINDS.length; k++) {
                kinds.append(k == 0 ? "" : ", ").append(String.format("%,d by %s", byKind[k], KINDS[k]));
            }
            return String.format("%,d steps, %,d swapped (%s), %,d refused, %,d left pending; %,d exchanges, %,d elements",
                    steps, swaps.get(), kinds, refused.get(), pending.get(), exchanges, elements);
        }
    }

    interface Step {
        /** @return whether the queue swapped */
        boolean run(int kind);
    }

    private Tally soak(ManagedQueue<Long> queue, int producers, int consumers, Step step) throws Exception {
        tally = new Tally();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            try {
                HotSwapQueue<Long> managed = HotSwapQueue.behind(queue);
                for (int i = 0; i < STEPS && !tally.enoughOfEveryKind(); i++) {
                    // let the consumers catch up with earlier swaps (bounded), or every move would be refused for
                    // too many earlier stages still in use (HotSwapQueueManager.MAX_RETIRED)
                    for (int spins = 0; spins < 200_000 && managed.retiredStages() > 2; spins++) {
                        Thread.onSpinWait();
                    }
                    if (step.run(i)) {
                        tally.swaps.incrementAndGet();
                        tally.byKind[i % KINDS.length]++;
                    }
                    tally.steps++;
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "swapper");
        swapper.start();
        do {
            long moved;
            switch ((int) (tally.exchanges % 3)) {
                case 0: moved = Exchange.run(queue, producers, consumers, 20_000, false); break;
                case 1: moved = Exchange.run(queue, producers, consumers, 20_000, true); break;
                default: moved = Exchange.runWithSlowSuppliers(queue, producers, consumers, 20_000); break;
            }
            tally.exchanges++;
            tally.elements += moved;
        } while (swapper.isAlive());
        swapper.join();
        if (failure.get() != null) {
            throw new AssertionError("the swapper failed", failure.get());
        }
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        return tally;
    }

    private boolean swap(String queue, String driver) {
        long before = swaps(queue);
        try {
            manager.swap(queue, driver);
        } catch (IllegalArgumentException refused) { // no such driver live, or too small for what it holds
            tally.refused.incrementAndGet();
        }
        return swaps(queue) > before;
    }

    private boolean respecify(String queue, String spec) {
        long before = swaps(queue);
        try {
            manager.respecify(queue, QueueSpec.parse(spec));
        } catch (IllegalArgumentException refused) {
            tally.refused.incrementAndGet();
        } catch (IllegalStateException widerSpecPending) {
            tally.pending.incrementAndGet();
        }
        return swaps(queue) > before;
    }

    private boolean unbind(String driver) {
        long before = totalSwaps();
        if (properties.containsKey(driver) && live.remove(driver)) {
            manager.unbindDriver(services.get(driver), properties.get(driver));
        }
        return totalSwaps() > before;
    }

    private boolean bindAll() {
        long before = totalSwaps();
        for (String driver : services.keySet()) {
            if (!live.contains(driver)) {
                bind(driver);
            }
        }
        return totalSwaps() > before;
    }

    private void bind(String driver) {
        live.add(driver);
        manager.bindDriver(services.get(driver), properties.get(driver));
    }

    private long swaps(String queue) {
        return manager.find(queue).orElseThrow().stats().swaps();
    }

    private long totalSwaps() {
        return manager.queues().stream().mapToLong(q -> q.stats().swaps()).sum();
    }

    private void add(QueueDriver driver, long id) {
        String name = DriverServices.name(driver);
        services.put(name, driver);
        properties.put(name, DriverServices.properties(driver, id));
    }
}
