package io.freelock.stress.engine;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.consensus.testkit.Players;

/**
 * A counter game of three participants (p0, p1, p2) whose every engine starts from the same genesis hash: the spec
 * names a fixed instance, so a proposal signed against a hash of one engine is a proposal against the same state
 * of any other. With three participants two votes for commit a proposal (the proposer's own and one more) and two
 * against reject it. Shared by the proposal desk's jcstress and Lincheck tests.
 */
public final class ProposalRig {

    public static final String GAME = "desk";
    private static final String INSTANCE = "5eed".repeat(16);
    private static final Players PLAYERS = Players.withKeys(3);
    public static final GameSpec SPEC = spec();
    /** The genesis hash of every engine {@link #open} gives. */
    public static final StateHash GENESIS;
    /** The hash after adding 1 to the genesis count, by a direct apply or a committed proposal alike. */
    public static final StateHash AFTER_ONE;

    static {
        GameEngine<Long, Long> scratch = open();
        GENESIS = scratch.current().hash();
        AFTER_ONE = scratch.apply(1L).hash();
    }

    private ProposalRig() {
    }

    private static GameSpec spec() {
        return new GameSpec(GAME, CounterGame.TYPE, PLAYERS.participants()).withInstance(INSTANCE);
    }

    /** @return a fresh engine of this game, at version 0, count 0 and hash {@link #GENESIS} */
    public static GameEngine<Long, Long> open() {
        return CounterEngines.open(SPEC);
    }

    /** @return participant {@code proposer}'s signed proposal to add {@code delta} to the state {@code against} */
    public static Proposal propose(int proposer, StateHash against, long delta) {
        return Proposal.sign(GAME, "p" + proposer, against, new CounterGame().encodeOperation(delta),
                PLAYERS.privateKey("p" + proposer));
    }

    /** @return participant {@code voter}'s signed vote on {@code proposal} */
    public static Vote vote(int voter, Proposal proposal, boolean approve) {
        return Vote.sign(GAME, proposal.id(), "p" + voter, approve, PLAYERS.privateKey("p" + voter));
    }

    /** @return the refusal as a value: its reason, without the message (which names versions and hashes) */
    public static String refused(RefusedException e) {
        return "refused " + e.reason();
    }

    /** @return how {@code engine} reports the proposal now: its status, or NONE if it knows no such proposal */
    public static String status(GameEngine<Long, Long> engine, ProposalId id) {
        return engine.proposal(id).map(ProposalState::status).map(Enum::name).orElse("NONE");
    }
}
