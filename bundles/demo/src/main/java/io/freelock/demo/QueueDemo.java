package io.freelock.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

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
 * equal share; then, if the queue manager is there, through the managed queue {@value #MANAGED}, which keeps
 * going while drivers are replaced. It prints a progress line a second and a summary, then reports its
 * verdict to the launcher's exit hook if there is one.
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

    @ObjectClassDefinition(name = "Freelock demo", description = "Moves elements through a queue from every live driver.")
    @interface Config {
        @AttributeDefinition(description = "How long the whole demo runs, in milliseconds; shared among the drivers.")
        long durationMillis() default 10_000;
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

    @Activate
    void activate(Config config) {
        long millis = config.durationMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("durationMillis must be positive, not " + millis);
        }
        runner = new Thread(() -> runAndReport(millis), "freelock-demo");
        runner.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        runner.interrupt();
        runner.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void runAndReport(long millis) {
        int code;
        try {
            code = run(millis) ? 0 : 1;
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
     * @return whether every driver moved its elements with none lost and none out of order, and the craps
     *         table, if it played, lost no move and kept its game consistent
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
        int slices = live.size() + (queues == null ? 0 : 1) + (table == null ? 0 : 1);
        out.printf("freelock demo: %d ms over %d driver(s)%s%s%n", millis, live.size(),
                table == null ? "" : ", a craps table", queues == null ? "" : " and managed queue '" + MANAGED + "'");
        long slice = millis / slices;
        List<DriverRun.Result> results = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, QueueDriver> driver : live) {
            Map<String, Object> properties = driver.getKey();
            String name = String.valueOf(properties.get(QueueDriver.DRIVER_NAME));
            QueueSpec spec = QueueSpec.parse(QueueSpec.SCHEME + shape(properties) + "?driver=" + name);
            results.add(runOne(name, spec, driver.getValue().create(spec), slice));
        }
        CrapsReport game = table == null ? null : playCraps(table, queues, live, slice);
        if (queues != null) {
            // Last, and as long as any driver's turn: the queue that survives drivers being replaced meanwhile.
            ManagedQueue<Long> managed = queues.open(MANAGED, QueueSpec.parse("queue:spsc"));
            out.printf("freelock demo: managed queue '%s' on %s%n", MANAGED, managed.driver());
            results.add(runOne("managed:" + MANAGED, managed.spec(), managed, slice));
            ManagedQueue.Stats stats = managed.stats();
            out.printf("freelock demo: managed queue '%s' now on %s; swaps: %d, migrated: %d, longest consumer gap: %d us%n",
                    MANAGED, managed.driver(), stats.swaps(), stats.migrated(), stats.longestConsumerGapNanos() / 1000);
        }
        return summarize(results, game);
    }

    /** @return what the table played; null if no queue here takes the players' moves */
    private CrapsReport playCraps(CrapsHost table, QueueManager queues,
            List<Map.Entry<Map<String, Object>, QueueDriver>> live, long millis) throws InterruptedException {
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
        return table.play(moves, millis, line -> out.println("freelock demo: " + line));
    }

    private DriverRun.Result runOne(String name, QueueSpec spec, ConcurrentQueue<Long> queue, long millis)
            throws InterruptedException {
        DriverRun run = new DriverRun(name, spec.toString(), queue);
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        run.start();
        boolean interrupted = false;
        try {
            for (long now = start; now - end < 0; now = System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(Math.min(end - now, TimeUnit.SECONDS.toNanos(1)));
                out.printf("freelock demo: %-13s %,15d moved, %,d queued%n", name, run.received(), queue.size());
            }
        } catch (InterruptedException e) {
            interrupted = true; // still stop the threads and drain before giving up
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

    private boolean summarize(List<DriverRun.Result> results, CrapsReport game) {
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
        out.printf("freelock demo: moved %,d in all, lost: %d, out of order: %d%n", moved, lost, outOfOrder);
        return lost == 0 && outOfOrder == 0 && (game == null || game.clean());
    }
}
