package io.freelock.benchmarks;

import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.util.ArrayList;
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
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;
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
 *
 * <p>{@code signedRound1} is what one table of three players costs the engine per operation when the players sign
 * (issue 15): a signed proposal and the two other players' signed votes, each verified, the first vote reaching the
 * two-thirds quorum and committing through the same engine class, the second arriving after the commit and refused as
 * closed, as a networked player's late vote is. The players' signing is done between invocations
 * ({@link SignedTable#signNextRound}), outside the measured time, so the figure is the engine's. Its floor is
 * {@code verify3}, the round's three Ed25519 verifications and nothing else. Every ratio of these comes from one run.
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

    /** The round's operation: add 1, in the counter game's canonical encoding. */
    private static final byte[] ADD_ONE = new CounterGame().encodeOperation(ONE);

    /**
     * One table of three players with real Ed25519 keys, on an engine of its own in memory (durability none), and
     * the next round's signed proposal and votes, signed before each invocation against the state it will meet.
     */
    @State(Scope.Thread)
    public static class SignedTable {
        static final String GAME = "signed-bench";
        private final com.sun.management.ThreadMXBean allocation =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final List<KeyPair> keys = new ArrayList<>();
        private EngineFactory factory;
        GameEngine<Long, Long> engine;
        Proposal proposal;
        Vote quorumVote;
        Vote lateVote;
        /** What this thread had allocated when the measured call began; the engine's bytes are summed below. */
        private long allocatedBefore;
        private long engineBytes;
        private long rounds;

        @Setup(Level.Trial)
        @SuppressWarnings("unchecked")
        public void open() {
            factory = new EngineFactory();
            factory.addRules(new CounterGame(), Map.of(CounterGame.GAME_TYPE, CounterGame.TYPE));
            List<Participant> players = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                keys.add(Participant.generateKeys());
                players.add(new Participant("p" + i, keys.get(i).getPublic()));
            }
            engine = (GameEngine<Long, Long>) factory.open(new GameSpec(GAME, CounterGame.TYPE, players)
                    .withDirectApplies(false));
        }

        /** The players' part, not measured: p0 proposes +1 against the current state, p1 and p2 vote for it. */
        @Setup(Level.Invocation)
        public void signNextRound() {
            proposal = Proposal.sign(GAME, "p0", engine.current().hash(), ADD_ONE, keys.get(0).getPrivate());
            ProposalId id = proposal.id();
            quorumVote = Vote.sign(GAME, id, "p1", true, keys.get(1).getPrivate());
            lateVote = Vote.sign(GAME, id, "p2", true, keys.get(2).getPrivate());
            allocatedBefore = allocation.getCurrentThreadAllocatedBytes(); // last: only the engine's call follows
        }

        @TearDown(Level.Invocation)
        public void countAllocation() {
            engineBytes += allocation.getCurrentThreadAllocatedBytes() - allocatedBefore;
            rounds++;
        }

        /** @return the version the round committed; fails the benchmark if the engine did anything else */
        long playRound() {
            engine.submit(proposal);
            ProposalState decided = engine.vote(quorumVote);
            if (decided.status() != ProposalStatus.COMMITTED) {
                throw new IllegalStateException("the round did not commit: " + decided);
            }
            try {
                engine.vote(lateVote);
                throw new IllegalStateException("a vote on a committed proposal was taken");
            } catch (RefusedException late) {
                if (late.reason() != RefusalReason.PROPOSAL_CLOSED) {
                    throw late;
                }
            }
            return decided.committed().orElseThrow().version();
        }

        /** Prints the engine's allocation per round (signing excluded, unlike {@code -prof gc}) into the JMH log. */
        @TearDown(Level.Trial)
        public void close() {
            System.out.println();
            System.out.println("signed round: " + rounds + " rounds, " + (rounds == 0 ? 0 : engineBytes / rounds)
                    + " bytes allocated by the engine per round (signing excluded); engine stats: " + engine.stats());
            factory.close(GAME);
        }
    }

    /**
     * The signatures of one round, made once: a proposal's and two votes' signed content and signatures, checked by
     * one reused {@link Signature} per thread, the cheapest way the JDK offers.
     */
    @State(Scope.Thread)
    public static class RoundSignatures {
        private final List<KeyPair> keys = new ArrayList<>();
        private final List<byte[]> contents = new ArrayList<>();
        private final List<byte[]> signatures = new ArrayList<>();
        private Signature verifier;

        @Setup(Level.Trial)
        public void sign() throws GeneralSecurityException {
            for (int i = 0; i < 3; i++) {
                keys.add(Participant.generateKeys());
            }
            StateHash against = StateHash.of(new byte[StateHash.LENGTH]);
            Proposal proposal = Proposal.sign(SignedTable.GAME, "p0", against, ADD_ONE, keys.get(0).getPrivate());
            contents.add(proposal.signedContent());
            signatures.add(proposal.signature());
            for (int i = 1; i < 3; i++) {
                Vote vote = Vote.sign(SignedTable.GAME, proposal.id(), "p" + i, true, keys.get(i).getPrivate());
                contents.add(vote.signedContent());
                signatures.add(vote.signature());
            }
            verifier = Signature.getInstance(Participant.ALGORITHM);
        }

        int verifyAll() throws GeneralSecurityException {
            int valid = 0;
            for (int i = 0; i < 3; i++) {
                verifier.initVerify(keys.get(i).getPublic());
                verifier.update(contents.get(i));
                valid += verifier.verify(signatures.get(i)) ? 1 : 0;
            }
            if (valid != 3) {
                throw new IllegalStateException(valid + " of 3 signatures verified");
            }
            return valid;
        }
    }

    /** One table's signed round through the engine: a proposal and two votes, verified, committed (see the class). */
    @Benchmark
    @Threads(1)
    public long signedRound1(SignedTable table) {
        return table.playRound();
    }

    /** The floor of a signed round: its three Ed25519 verifications with a reused {@link Signature}, nothing else. */
    @Benchmark
    @Threads(1)
    public int verify3(RoundSignatures round) throws GeneralSecurityException {
        return round.verifyAll();
    }
}
