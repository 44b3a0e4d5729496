package io.freelock.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

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
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.testkit.CounterGame;

/**
 * The CAS engine's {@code apply} at one and two threads, against the limit of its design: a bare
 * {@link AtomicReference#updateAndGet} running the same pure state function ({@link CounterGame#apply}). A third
 * variant, {@code updateAndGetHashed}, also does what the engine must do on every commit by specification: encode
 * the operation and the new state canonically, digest the state and chain the hash,
 * {@code SHA-256(previous hash || operation || SHA-256(state))}, with the same SHA-256 inputs as the engine. It
 * separates the cost of the hash (a property of the design) from the engine's own bookkeeping; {@code
 * updateAndGetReusedDigest1} hashes the same bytes with a reused digest, to price the digest's look-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class EngineApply {

    /** The operation every call applies: add 1 (a cached Long, so no benchmark measures boxing it). */
    private static final Long ONE = 1L;

    /** What the hashed baseline swaps: the state and its chained hash, immutable, as the engine's snapshot. */
    public static final class Chained {
        final Long state;
        final StateHash hash;

        Chained(Long state, StateHash hash) {
            this.state = state;
            this.hash = hash;
        }
    }

    private final CounterGame rules = new CounterGame();
    private EngineFactory factory;
    private GameEngine<Long, Long> engine;
    private AtomicReference<Long> bare;
    private AtomicReference<Chained> hashed;
    private UnaryOperator<Long> pureStep;
    private UnaryOperator<Chained> hashedStep;
    private AtomicReference<Chained> reused;
    private UnaryOperator<Chained> reusedDigestStep;
    /** One digest per thread, reset by each digest() call: what a cached digest in CanonicalWriter would do. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        factory = new EngineFactory();
        factory.addRules(rules, Map.of(CounterGame.GAME_TYPE, CounterGame.TYPE));
        Participant player = new Participant("p0", Participant.generateKeys().getPublic());
        GameSpec spec = new GameSpec("bench", CounterGame.TYPE, List.of(player)).withInstance("00".repeat(32));
        engine = (GameEngine<Long, Long>) factory.open(spec);
        bare = new AtomicReference<>(rules.initialState(spec));
        pureStep = state -> rules.apply(state, ONE);
        byte[] genesis = StateHash.digest(rules.encodeState(rules.initialState(spec)));
        hashed = new AtomicReference<>(new Chained(rules.initialState(spec), StateHash.genesis(spec, "1", genesis)));
        hashedStep = c -> {
            byte[] operation = rules.encodeOperation(ONE);
            Long next = rules.apply(c.state, ONE);
            return new Chained(next, c.hash.next(operation, StateHash.digest(rules.encodeState(next))));
        };
        reused = new AtomicReference<>(hashed.get());
        reusedDigestStep = c -> {
            MessageDigest digest = DIGEST.get();
            byte[] operation = rules.encodeOperation(ONE);
            Long next = rules.apply(c.state, ONE);
            byte[] stateDigest = digest.digest(rules.encodeState(next));
            digest.update(c.hash.bytes());
            digest.update(new byte[] {0, 0, 0, (byte) operation.length}); // the length prefix CanonicalWriter writes
            digest.update(operation);
            digest.update(stateDigest);
            return new Chained(next, StateHash.of(digest.digest()));
        };
    }

    /** Prints the engine's own counters into the JMH log: CAS wins and losses, retries. */
    @TearDown(Level.Trial)
    public void close() {
        System.out.println();
        System.out.println("engine stats: " + engine.stats());
        factory.close("bench");
    }

    @Benchmark
    @Threads(1)
    public Snapshot<Long> engine1() {
        return engine.apply(ONE);
    }

    @Benchmark
    @Threads(2)
    public Snapshot<Long> engine2() {
        return engine.apply(ONE);
    }

    @Benchmark
    @Threads(1)
    public Long updateAndGet1() {
        return bare.updateAndGet(pureStep);
    }

    @Benchmark
    @Threads(2)
    public Long updateAndGet2() {
        return bare.updateAndGet(pureStep);
    }

    @Benchmark
    @Threads(1)
    public Chained updateAndGetHashed1() {
        return hashed.updateAndGet(hashedStep);
    }

    @Benchmark
    @Threads(2)
    public Chained updateAndGetHashed2() {
        return hashed.updateAndGet(hashedStep);
    }

    /**
     * The hashed baseline with one change: a per-thread {@link MessageDigest} reused instead of
     * {@code MessageDigest.getInstance} on every hash (which is what {@code CanonicalWriter.sha256} does). The
     * same bytes are hashed; the difference is the provider look-up and the digest's construction.
     */
    @Benchmark
    @Threads(1)
    public Chained updateAndGetReusedDigest1() {
        return reused.updateAndGet(reusedDigestStep);
    }
}
