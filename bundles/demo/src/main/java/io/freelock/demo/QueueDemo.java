package io.freelock.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;

/**
 * The demo workload: for each queue driver live when it starts, one producer and one consumer thread move
 * numbered elements through a queue from that driver for an equal share of the configured time (one
 * driver at a time, so that two cores are not shared by four spinning threads); then, if the consensus
 * engine and the craps rules are there, a craps table ({@link CrapsTable}) whose players send their moves
 * through the managed queue {@value #CRAPS} (or a multi-producer driver's queue without the manager) for an
 * equal share; then, if the queue manager is there, through the managed queue {@value #MANAGED} for the
 * largest share ({@value #MANAGED_PERCENT}% of the time), while a {@link QueueSwapper} moves it from driver to
 * driver every {@value #SWAP_INTERVAL_MILLIS} ms or so. It prints a progress line a second, a line per swap and
 * a summary, then reports its verdict to the launcher's exit hook if there is one.
 */
@Component(configurationPid = QueueDemo.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = QueueDemo.Config.class)
public final class QueueDemo {

    static final String PID = "io.freelock.demo";
    /** The managed queue the demo runs last, through whatever driver swaps happen meanwhile. */
    static final String MANAGED = "demo";
    /** The managed queue the craps players send their moves through: many producers, the game loop consumes. */
    static final String CRAPS = "craps";
    static final String CRAPS_SPEC = "queue:mpsc";
    /** The one replication a table can ask for: through the replicated games' Raft log. */
    static final String REPLICATED_TABLE = "raft";
    /**
     * The managed queue's spec: one producer and one consumer, as the run has, and no bound either way, so that every
     * driver can take it (spsc and vyukov make a ring of the default capacity, michaelscott an unbounded list).
     */
    static final String MANAGED_SPEC = "queue:spsc";
    /** The managed queue's share of the demo's time, so that several swaps can be watched. */
    static final int MANAGED_PERCENT = 60;
    /** How often the swapper swaps the managed queue; more often if its share is short, so that it swaps at least twice. */
    static final long SWAP_INTERVAL_MILLIS = 2_000;

    @ObjectClassDefinition(name = "Freelock demo", description = "Moves elements through a queue from every live driver.")
    @interface Config {
        @AttributeDefinition(name = "Demo duration (ms)", description = "How long the whole demo runs, in milliseconds; shared among the drivers.")
        long durationMillis() default 10_000;

        @AttributeDefinition(name = "Table replication", description = "Empty: the demo runs the queues and a craps "
                + "table as the game engine factory opens it. raft: the demo plays only the craps table, for the whole "
                + "time, as a game replicated on every server of the cluster (the queue runs spin two threads each, "
                + "which would starve the servers' Raft heartbeats when three share a machine).")
        String replication() default "";
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Map.Entry<Map<String, Object>, QueueDriver>> drivers;

    @Reference(target = "(freelock.launcher=exit)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    private volatile IntConsumer exitHook;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile QueueManager manager;

    /** Registered only while the consensus engine and the craps rules are; its type names none of theirs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CrapsHost craps;

    private final PrintStream out = System.out;
    private Thread runner;
    private QueueSwapper.DriverBundles driverBundles;

    @Activate
    void activate(Config config, BundleContext context) {
        long millis = config.durationMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("durationMillis must be positive, not " + millis);
        }
        String replication = config.replication();
        if (!replication.isEmpty() && !replication.equals(REPLICATED_TABLE)) {
            throw new IllegalArgumentException("replication must be empty or " + REPLICATED_TABLE + ", not '"
                    + replication + "'");
        }
        driverBundles = new FrameworkDriverBundles(context);
        runner = new Thread(() -> runAndReport(millis, replication), "freelock-demo");
        runner.start();
    }

    /** Stops the run; on the managed queue, the swapper starts again any bundle it stopped before the run ends. */
    @Deactivate
    void deactivate() throws InterruptedException {
        runner.interrupt();
        runner.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void runAndReport(long millis, String replication) {
        int code;
        try {
            code = (replication.isEmpty() ? run(millis) : runReplicatedTable(millis, replication)) ? 0 : 1;
        } catch (InterruptedException e) {
            out.println("freelock demo: stopped before the end");
            code = 1;
        } catch (RuntimeException e) {
            out.println("freelock demo: failed: " + e);
            code = 1;
        }
        IntConsumer hook = exitHook;
        if (hook != null) {
            hook.accept(code);
        }
    }

    /**
     * @return whether every driver moved its elements with none lost and none out of order, the craps table, if
     *         it played, lost no move and kept its game consistent, and the managed queue, if it ran, was swapped
     */
    boolean run(long millis) throws InterruptedException {
        List<Map.Entry<Map<String, Object>, QueueDriver>> live = new ArrayList<>(drivers);
        live.sort(Comparator.comparing(d -> String.valueOf(d.getKey().get(QueueDriver.DRIVER_NAME))));
        if (live.isEmpty()) {
            out.println("freelock demo: no queue driver is live");
            return false;
        }
        QueueManager queues = manager;
        CrapsHost table = craps;
        long managedMillis = queues == null ? 0 : millis * MANAGED_PERCENT / 100;
        long slice = (millis - managedMillis) / (live.size() + (table == null ? 0 : 1));
        out.printf("freelock demo: %d ms: %d ms for each of %d driver(s)%s%s%n", millis, slice, live.size(),
                table == null ? "" : ", " + slice + " ms for a craps table",
                queues == null ? "" : ", " + managedMillis + " ms for managed queue '" + MANAGED + "', swapped every "
                        + swapInterval(managedMillis) + " ms");
        List<DriverRun.Result> results = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, QueueDriver> driver : live) {
            Map<String, Object> properties = driver.getKey();
            String name = String.valueOf(properties.get(QueueDriver.DRIVER_NAME));
            QueueSpec spec = QueueSpec.parse(QueueSpec.SCHEME + shape(properties) + "?driver=" + name);
            results.add(runOne(name, spec, driver.getValue().create(spec), slice));
        }
        CrapsReport game = table == null ? null : playCraps(table, queues, live, slice, "");
        QueueSwapper swapper = null;
        if (queues != null) {
            // Last, and longest: the queue that keeps every element while the swapper moves it between drivers.
            ManagedQueue<Long> managed = openManaged(queues);
            out.printf("freelock demo: managed queue '%s' on %s%n", MANAGED, managed.driver());
            List<String> names = live.stream().filter(d -> managed.spec().withDriver(name(d.getKey()))
                    .matches(d.getKey())).map(d -> name(d.getKey())).toList();
            swapper = new QueueSwapper(queues, managed, names, driverBundles, line -> out.println("freelock demo: " + line));
            DriverRun.Result result = runOne("managed:" + MANAGED, managed.spec(), managed, managedMillis, swapper);
            results.add(result);
            out.printf("freelock demo: managed queue '%s' moved %,d through %d swaps, lost: %d, out of order: %d%n",
                    MANAGED, result.received, swapper.swaps(), result.lost(), result.outOfOrder);
            String restored = swapper.restoreSpec();
            if (!restored.isEmpty()) {
                out.println("freelock demo: " + restored);
            }
            ManagedQueue.Stats stats = managed.stats();
            out.printf("freelock demo: managed queue '%s' now on %s; swaps: %d, migrated: %d, longest consumer gap: %d us%n",
                    MANAGED, managed.driver(), stats.swaps(), stats.migrated(), stats.longestConsumerGapNanos() / 1000);
        }
        return summarize(results, game, swapper);
    }

    /**
     * Plays only the craps table, for the whole time, as a game replicated on every server of the cluster.
     *
     * @return whether the table lost no move and kept its game consistent
     */
    boolean runReplicatedTable(long millis, String replication) throws InterruptedException {
        CrapsHost table = craps;
        if (table == null) {
            out.println("freelock demo: no craps table: the game engine or the craps rules are missing");
            return false;
        }
        out.printf("freelock demo: %d ms for a craps table replicated by %s on every server of the cluster%n", millis,
                replication);
        QueueManager queues = manager;
        List<Map.Entry<Map<String, Object>, QueueDriver>> live = new ArrayList<>(drivers);
        CrapsReport game = playCraps(table, queues, live, millis, replication);
        boolean clean = summarize(List.of(), game, null);
        return game != null && clean;
    }

    /** @return the swap interval for a managed phase this long: {@value #SWAP_INTERVAL_MILLIS} ms, or a third of it */
    static long swapInterval(long managedMillis) {
        return Math.max(1, Math.min(SWAP_INTERVAL_MILLIS, managedMillis / 3));
    }

    /**
     * Opens the managed queue with the demo's spec; if it is open already with another (an operator configured it,
     * or pinned it to a driver), runs on it as it is: any spec takes one producer and one consumer.
     */
    private ManagedQueue<Long> openManaged(QueueManager queues) {
        QueueSpec spec = QueueSpec.parse(MANAGED_SPEC);
        try {
            return queues.open(MANAGED, spec);
        } catch (IllegalArgumentException e) {
            @SuppressWarnings("unchecked") // the demo's queue: only the demo puts elements in it
            ManagedQueue<Long> existing = (ManagedQueue<Long>) queues.find(MANAGED).orElseThrow(() -> e);
            out.printf("freelock demo: managed queue '%s' is open already with spec %s: the demo runs on it as it is%n",
                    MANAGED, existing.spec());
            return existing;
        }
    }

    private static String name(Map<String, Object> driverProperties) {
        return String.valueOf(driverProperties.get(QueueDriver.DRIVER_NAME));
    }

    /** @return what the table played; null if no queue here takes the players' moves */
    private CrapsReport playCraps(CrapsHost table, QueueManager queues,
            List<Map.Entry<Map<String, Object>, QueueDriver>> live, long millis, String replication)
            throws InterruptedException {
        QueueSpec spec = QueueSpec.parse(CRAPS_SPEC);
        Queue<Move> moves;
        if (queues != null) {
            ManagedQueue<Move> managed = queues.open(CRAPS, spec);
            out.printf("freelock demo: craps table, moves through managed queue '%s' on %s%n", CRAPS, managed.driver());
            moves = managed;
        } else {
            Map.Entry<Map<String, Object>, QueueDriver> driver = live.stream()
                    .filter(d -> spec.matches(d.getKey())).findFirst().orElse(null);
            if (driver == null) {
                out.printf("freelock demo: no craps table: no live driver takes %s%n", spec);
                return null;
            }
            QueueSpec named = spec.withDriver(String.valueOf(driver.getKey().get(QueueDriver.DRIVER_NAME)));
            out.printf("freelock demo: craps table, moves through %s%n", named);
            moves = driver.getValue().create(named);
        }
        return table.play(moves, millis, replication, line -> out.println("freelock demo: " + line));
    }

    private DriverRun.Result runOne(String name, QueueSpec spec, ConcurrentQueue<Long> queue, long millis)
            throws InterruptedException {
        return runOne(name, spec, queue, millis, null);
    }

    /** @param swapper swaps the queue while it runs, if not null; closed before the run is checked */
    private DriverRun.Result runOne(String name, QueueSpec spec, ConcurrentQueue<Long> queue, long millis,
            QueueSwapper swapper) throws InterruptedException {
        DriverRun run = new DriverRun(name, spec.toString(), queue);
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        run.start();
        boolean interrupted = false;
        try {
            if (swapper != null) {
                swapper.start(swapInterval(millis));
            }
            for (long now = start; now - end < 0; now = System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(Math.min(end - now, TimeUnit.SECONDS.toNanos(1)));
                out.printf("freelock demo: %-13s %,15d moved, %,d queued%n", name, run.received(), queue.size());
            }
        } catch (InterruptedException e) {
            interrupted = true; // still stop the threads and drain before giving up
        } finally {
            if (swapper != null) {
                swapper.close(); // every bundle it stopped is started again before the run ends
            }
        }
        DriverRun.Result result = run.finish();
        if (interrupted) {
            throw new InterruptedException("demo stopped while running " + name);
        }
        return result;
    }

    private static String shape(Map<String, Object> properties) {
        return (QueueSpec.Access.MULTI.propertyValue().equals(properties.get(QueueDriver.PRODUCERS)) ? "mp" : "sp")
                + (QueueSpec.Access.MULTI.propertyValue().equals(properties.get(QueueDriver.CONSUMERS)) ? "mc" : "sc");
    }

    private boolean summarize(List<DriverRun.Result> results, CrapsReport game, QueueSwapper swapper) {
        long moved = 0;
        long lost = 0;
        long outOfOrder = 0;
        out.println("freelock demo: summary");
        for (DriverRun.Result r : results) {
            out.printf("  %-13s %-32s moved %,15d  lost: %d  out of order: %d%n", r.driver, r.spec, r.received,
                    r.lost(), r.outOfOrder);
            moved += r.received;
            lost += r.lost();
            outOfOrder += r.outOfOrder;
        }
        if (game != null) {
            out.println("freelock demo: " + game.summaryLine());
            out.println("freelock demo: " + game.detailLine());
        }
        boolean swapped = swapper == null || swapper.swaps() > 0;
        if (swapper != null) {
            out.println("freelock demo: " + swapper.summaryLine() + (swapped ? "" : ": no swap happened"));
        }
        out.printf("freelock demo: moved %,d in all, lost: %d, out of order: %d%n", moved, lost, outOfOrder);
        return lost == 0 && outOfOrder == 0 && (game == null || game.clean()) && swapped;
    }
}
