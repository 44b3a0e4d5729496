package io.freelock.stress.lincheck;

import java.util.List;
import java.util.Optional;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.Vote;
import io.freelock.stress.engine.ProposalRig;

/**
 * The engine's proposal desk against its state moves: submits, votes and direct applies racing on a fresh engine of
 * three participants. Every history must match some order of the calls run one at a time on an engine (the test
 * class itself is the sequential specification), and, once the threads are done,
 * no proposal may be left open against a state that is no longer current ({@link #noOpenStaleProposal}), which is
 * what the desk's protocol promises: the submitter, the closer and the sweeper each read the head after their own
 * volatile write, so at least one of them settles each proposal.
 *
 * <p>The proposals and votes are signed once, against hashes every engine of {@link ProposalRig} shares, so the
 * operations are the same values on every engine: results are refusal reasons and counts, never objects. A status
 * read in the parallel part is not an operation: DECIDING is visible while a commit runs, and the sweep settles a
 * proposal after the head moved, so such a read is not linearizable against the head by design.
 */
@Param(name = "proposal", gen = IntGen.class, conf = "0:2")
public class ProposalDeskLincheckTest {

    /** A: p0 adds 1 to the genesis; B: p1 adds 2 to the genesis; C: p2 adds 4 to the state after adding 1. */
    private static final List<Proposal> PROPOSALS = List.of(
            ProposalRig.propose(0, ProposalRig.GENESIS, 1),
            ProposalRig.propose(1, ProposalRig.GENESIS, 2),
            ProposalRig.propose(2, ProposalRig.AFTER_ONE, 4));

    /**
     * 0: p1 for A (commits it); 1: p1 against A; 2: p2 against A (with 1, rejects it); 3: p0 for B (commits it);
     * 4: p2 against B; 5: p0 for C (commits it).
     */
    private static final List<Vote> VOTES = List.of(
            ProposalRig.vote(1, PROPOSALS.get(0), true),
            ProposalRig.vote(1, PROPOSALS.get(0), false),
            ProposalRig.vote(2, PROPOSALS.get(0), false),
            ProposalRig.vote(0, PROPOSALS.get(1), true),
            ProposalRig.vote(2, PROPOSALS.get(1), false),
            ProposalRig.vote(0, PROPOSALS.get(2), true));

    private final GameEngine<Long, Long> engine = ProposalRig.open();

    /** @return "accepted", or the reason it was refused; not the status, which concurrent votes and sweeps move */
    @Operation
    public String submit(@Param(name = "proposal") int which) {
        try {
            engine.submit(PROPOSALS.get(which));
            return "accepted";
        } catch (RefusedException e) {
            return ProposalRig.refused(e);
        }
    }

    /**
     * Votes, and returns nothing: a vote on a proposal whose state moved is counted (or closes it stale) until the
     * sweep retires it, and {@code apply} may return before that sweep when another thread is delivering, so a
     * vote's own result lags the head by design. What votes did shows in the applies' counts (a committed proposal
     * adds to it) and in the settled state {@link #noOpenStaleProposal} checks.
     */
    @Operation
    public void vote(@Param(gen = IntGen.class, conf = "0:5") int which) {
        try {
            engine.vote(VOTES.get(which));
        } catch (RefusedException e) {
            // refused: the proposal is unknown, closed, or already has this vote
        }
    }

    /**
     * Moves the state directly; adding 1 to the genesis reaches the state C was proposed against. One attempt per
     * call of {@code tryApply}, retried here: {@code apply}'s backoff spins on {@code System.nanoTime()}, which
     * Lincheck's model checker holds still, so it would report a lost compare-and-swap as a livelock.
     */
    @Operation
    public String apply(@Param(gen = IntGen.class, conf = "1:2") int delta) {
        for (;;) {
            Optional<Snapshot<Long>> done = engine.tryApply((long) delta, 1);
            if (done.isPresent()) {
                return describe(done.get());
            }
        }
    }

    @Operation
    public String current() {
        return describe(engine.current());
    }

    private static String describe(Snapshot<Long> snapshot) {
        return snapshot.version() + ":" + snapshot.state();
    }

    /**
     * After each part of a run, with no thread inside the engine: no proposal is left deciding, and none is open
     * against a state that is no longer current, neither as {@code proposal(id)} reports it nor in the open list.
     */
    @Validate
    public void noOpenStaleProposal() {
        Snapshot<Long> now = engine.current();
        for (Proposal p : PROPOSALS) {
            String status = ProposalRig.status(engine, p.id());
            if (status.equals("DECIDING")
                    || status.equals("OPEN") && !p.against().equals(now.hash())) {
                throw new IllegalStateException("proposal " + p.id().shortHex() + " is " + status + " against "
                        + p.against().shortHex() + ", but the state is at version " + now.version() + " ("
                        + now.hash().shortHex() + ")");
            }
        }
        for (ProposalState open : engine.proposals()) {
            if (!open.proposal().against().equals(now.hash())) {
                throw new IllegalStateException("the open list holds " + open + ", but the state is at version "
                        + now.version());
            }
        }
    }

    @Test
    void stress() {
        Checks.stress(ProposalDeskLincheckTest.class, 2).check(getClass());
    }

    /**
     * Random scenarios under model checking: fewer than the queues' (each invocation signs nothing but verifies
     * Ed25519 signatures, and hashes every state), so that CI stays short; {@code -Dlincheck.iterations} runs more.
     */
    @Test
    void modelChecking() {
        Checks.modelChecking(ProposalDeskLincheckTest.class, 2).iterations(Integer.getInteger("lincheck.iterations", 3))
                .check(getClass());
    }

    /**
     * The desk's races by hand, for model checking: a submit while a direct apply moves the state (with nothing
     * after it that would settle the proposal, so a submitter who skips its own settle leaves it open: seen to
     * fail when {@code ProposalDesk.submit} drops it); a deciding vote against a move; a submit against a commit
     * by vote of another proposal on the same state.
     */
    @Test
    void racesAgainstMoves() {
        ModelCheckingOptions options = Checks.modelChecking(ProposalDeskLincheckTest.class, 2).iterations(0)
                .invocationsPerIteration(Integer.getInteger("lincheck.invocations", 250));
        options.addCustomScenario(Scenarios.on(getClass()).thread("submit(0)").thread("apply(1)")
                .post("current()").build());
        options.addCustomScenario(Scenarios.on(getClass()).initial("submit(0)").thread("vote(0)").thread("apply(2)")
                .post("current()").build());
        options.addCustomScenario(Scenarios.on(getClass()).initial("submit(1)").thread("submit(0)")
                .thread("vote(3)").post("vote(0)", "current()").build());
        options.check(getClass());
    }
}
