package io.freelock.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.engine.Durability;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.engine.EngineSettings;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.storage.jdbc.JdbcJournalStore;

/**
 * The engine's {@code apply} with its journal in an embedded H2 file, as the launcher ships it, against the same
 * engine in memory ({@code memory}: durability none), in one run, at one and two threads. {@code sync} returns once the journal has committed the
 * operation (the writer batches what the applying threads hand it); {@code async} returns at once, and when the
 * journal falls as far behind as the engine allows, the call waits for room: so both report what the journal
 * sustains, not a burst into memory.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class JournaledApply {

    private static final Long ONE = 1L;

    /** One counter game, opened with a durability; its journal, if any, in an H2 file of a fresh folder. */
    abstract static class Game {
        private final Durability durability;
        private Path folder;
        private EngineFactory factory;
        GameEngine<Long, Long> engine;

        Game(Durability durability) {
            this.durability = durability;
        }

        @Setup(Level.Trial)
        @SuppressWarnings("unchecked")
        public void open() throws Exception {
            folder = Files.createTempDirectory("freelock-journal-bench");
            factory = new EngineFactory(EngineSettings.defaults().withDurability(durability, 10_000));
            factory.addRules(new CounterGame(), Map.of(CounterGame.GAME_TYPE, CounterGame.TYPE));
            factory.setJournalStore(new JdbcJournalStore(new OsgiDataSourceFactory(Driver.load()),
                    "jdbc:h2:file:" + folder.resolve("journal").toAbsolutePath() + ";WRITE_DELAY=0", "freelock", ""));
            Participant player = new Participant("p0",
                    Participant.generateKeys().getPublic());
            engine = (GameEngine<Long, Long>) factory.open(new GameSpec("bench", CounterGame.TYPE, List.of(player)));
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            System.out.println();
            System.out.println(durability + " engine stats: " + engine.stats());
            factory.close("bench");
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        Snapshot<Long> apply() {
            for (;;) {
                try {
                    return engine.apply(ONE);
                } catch (RefusedException lagging) {
                    if (lagging.reason() != RefusalReason.JOURNAL_UNAVAILABLE) {
                        throw lagging;
                    }
                    Thread.onSpinWait(); // async at its lag bound: wait for the writer, as a caller would
                }
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Memory extends Game {
        public Memory() {
            super(Durability.NONE);
        }
    }

    @State(Scope.Benchmark)
    public static class Async extends Game {
        public Async() {
            super(Durability.ASYNC);
        }
    }

    @State(Scope.Benchmark)
    public static class Sync extends Game {
        public Sync() {
            super(Durability.SYNC);
        }
    }

    @Benchmark
    @Threads(1)
    public Snapshot<Long> memory1(Memory game) {
        return game.apply();
    }

    @Benchmark
    @Threads(1)
    public Snapshot<Long> async1(Async game) {
        return game.apply();
    }

    @Benchmark
    @Threads(1)
    public Snapshot<Long> sync1(Sync game) {
        return game.apply();
    }

    @Benchmark
    @Threads(2)
    public Snapshot<Long> memory2(Memory game) {
        return game.apply();
    }

    @Benchmark
    @Threads(2)
    public Snapshot<Long> async2(Async game) {
        return game.apply();
    }

    @Benchmark
    @Threads(2)
    public Snapshot<Long> sync2(Sync game) {
        return game.apply();
    }
}
