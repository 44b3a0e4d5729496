package io.freelock.load;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.NotDurableException;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.engine.Durability;

/**
 * The load test: N tables of three players through the engine and the JDBC journal, with the classes the bundles ship
 * wired outside the OSGi container (see {@link Tables}).
 *
 * <p>A fixed pool of player threads, {@code min(3 N, 64)}, drives the tables: thread i plays tables i, i + P, ...
 * in turn, one operation at a time, each an {@code apply} that in sync durability returns once the journal holds it.
 * So the threads do not grow with the tables past 22, and every table has its three players' worth of operations
 * in flight only while N is small. Each second it prints progress; at the end, the totals, and JSON with
 * {@code --json FILE}.
 *
 * <pre>
 * --tables N  --seconds S  --warmup S  --durability sync|async  --db h2|postgres
 * --h2 FILE (default a new temporary file)  --url URL --user U --password P (PostgreSQL: a new schema each run)
 * --connections C (8)  --journal-threads J (2)  --player-threads P (64: at most this many, however many tables)
 * --json FILE  --acks  (print each table's acknowledged version)
 * </pre>
 */
public final class LoadHarness {

    /** The most player threads, whatever the tables. */
    static final int MAX_PLAYER_THREADS = 64;

    private final Map<String, String> options;
    private final PrintStream out;

    LoadHarness(Map<String, String> options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, not '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(name, flag ? "true" : args[++i]);
        }
        new LoadHarness(options, System.out).run();
        System.exit(0); // the engine's journal threads are daemons, but the JDBC drivers may leave others
    }

    private String option(String name, String otherwise) {
        return options.getOrDefault(name, otherwise);
    }

    /** @return the results, as also written to {@code --json} */
    LoadResult run() throws IOException, InterruptedException, java.sql.SQLException {
        int count = Integer.parseInt(option("tables", "10"));
        long seconds = Long.parseLong(option("seconds", "10"));
        long warmup = Long.parseLong(option("warmup", "2"));
        Durability durability = Durability.parse(option("durability", "sync"));
        int connections = Integer.parseInt(option("connections", "8"));
        int journalThreads = Integer.parseInt(option("journal-threads", "2"));
        boolean acks = Boolean.parseBoolean(option("acks", "false"));
        Tables.Database database = option("db", "h2").equals("postgres")
                ? Tables.Database.postgresSchema(option("url", null), option("user", "freelock"),
                        option("password", ""), "load_" + Long.toHexString(System.currentTimeMillis()))
                : Tables.Database.h2(Path.of(option("h2", Files.createTempDirectory("freelock-load")
                        .resolve("journal").toString())));

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        int threadsBefore = Thread.activeCount();
        Tables server = new Tables(database, count, durability, connections, journalThreads);
        System.gc();
        long heapPerTable = (memory.getHeapMemoryUsage().getUsed() - heapBefore) / count;
        int serverThreads = Thread.activeCount() - threadsBefore;

        List<GameEngine<Long, Long>> tables = server.tables();
        AtomicLongArray acked = new AtomicLongArray(count);
        for (int t = 0; t < count; t++) {
            acked.set(t, tables.get(t).current().version());
        }
        int players = Math.min(3 * count, Integer.parseInt(option("player-threads", String.valueOf(MAX_PLAYER_THREADS))));
        Recorder latency = new Recorder(3);
        LongAdder done = new LongAdder();
        LongAdder refused = new LongAdder();
        LongAdder notDurable = new LongAdder();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < players; p++) {
            int first = p;
            Thread player = new Thread(() -> {
                for (int t = first % count; System.nanoTime() < end; t = nextTable(t, players, count, first)) {
                    long began = System.nanoTime();
                    try {
                        long version = tables.get(t).apply(1L).version();
                        long now = System.nanoTime();
                        acked.accumulateAndGet(t, version, Math::max);
                        if (now >= measureFrom && now < end) {
                            latency.recordValue(Math.max(1, (now - began) / 1_000));
                            done.increment();
                        }
                    } catch (RefusedException e) {
                        refused.increment();
                        Thread.yield();
                    } catch (NotDurableException e) {
                        notDurable.increment();
                    }
                }
            }, "player-" + p);
            player.setDaemon(true);
            threads.add(player);
        }
        threads.forEach(Thread::start);

        Histogram total = new Histogram(3);
        Histogram interval = null;
        int mostThreads = 0;
        int mostConnections = 0;
        long previous = 0;
        while (System.nanoTime() < end) {
            TimeUnit.SECONDS.sleep(1);
            interval = latency.getIntervalHistogram(interval);
            total.add(interval);
            long now = done.sum();
            int liveThreads = Thread.activeCount();
            int open = database.openConnections();
            mostThreads = Math.max(mostThreads, liveThreads);
            mostConnections = Math.max(mostConnections, open);
            long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            out.printf("t=%ds acked %d (+%d/s) p99 %d us, threads %d, connections %d, heap %d MB, refused %d%s%n",
                    elapsed, now, now - previous, interval.getTotalCount() == 0 ? 0
                            : interval.getValueAtPercentile(99), liveThreads, open,
                    memory.getHeapMemoryUsage().getUsed() >> 20, refused.sum(), acks ? " acks " + acks(acked) : "");
            out.flush();
            previous = now;
        }
        for (Thread player : threads) {
            player.join(TimeUnit.SECONDS.toMillis(60));
        }
        total.add(latency.getIntervalHistogram());
        long heapUsed = memory.getHeapMemoryUsage().getUsed();
        // What a table holds once played, its recent states retained and its journal caught up: the bounded steady
        // state, which the figure taken just after opening does not show. Collected first, as that one is.
        System.gc();
        long heapPerTablePlayed = (memory.getHeapMemoryUsage().getUsed() - heapBefore) / count;
        server.close();

        LoadResult result = new LoadResult(count, players, durability.name().toLowerCase(), database.kind, seconds,
                done.sum(), total, mostThreads, serverThreads, journalThreads, mostConnections, connections,
                heapUsed, heapPerTable, heapPerTablePlayed, refused.sum(), notDurable.sum());
        out.println(result.summary());
        String json = option("json", null);
        if (json != null) {
            Files.writeString(Path.of(json), result.toJson(), StandardCharsets.UTF_8);
        }
        result.acknowledgedVersions = acked;
        return result;
    }

    /** Thread {@code first} of {@code players} plays tables first, first + players, ... and starts over. */
    private static int nextTable(int t, int players, int count, int first) {
        int next = t + players;
        return next < count ? next : first % count;
    }

    private static String acks(AtomicLongArray acked) {
        StringBuilder line = new StringBuilder();
        for (int t = 0; t < acked.length(); t++) {
            line.append(t == 0 ? "" : ",").append(acked.get(t));
        }
        return line.toString();
    }
}
