package io.freelock.consensus.ratis;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.freelock.consensus.CommitListener;
import io.freelock.consensus.EngineStats;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Registration;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.TransitionCheck;
import io.freelock.consensus.TransitionValidator;
import io.freelock.consensus.Vote;

/**
 * A replicated game as a host sees it on one server: the {@link GameEngine} contract, with every change going through
 * the replicated log. A change is acknowledged (the method returns) once the log committed it on a majority of the
 * servers and this server applied it to its own engine, so the snapshot returned is this server's. Reads are local:
 * another server's copy may be behind by what it has not applied yet; a read that must be current is made on the
 * leader's server. A server whose copy diverged refuses everything with {@link RefusalReason#REPLICA_DIVERGED}.
 */
final class ReplicatedEngine implements GameEngine<Object, Object> {

    private final String gameId;
    private final Replication replication;
    private final Ballot ballot;
    private final GameSpec spec;

    ReplicatedEngine(GameSpec spec, Replication replication) {
        this.gameId = spec.gameId();
        this.spec = spec;
        this.replication = replication;
        this.ballot = new Ballot(spec, Clock.systemUTC());
    }

    /** @return this server's engine of the game */
    private GameEngine<Object, Object> local() {
        return replication.log().engine(gameId);
    }

    @Override
    public GameSpec spec() {
        return spec;
    }

    @Override
    public Snapshot<Object> current() {
        return local().current();
    }

    @Override
    public boolean rulesAvailable() {
        return local().rulesAvailable();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Snapshot<Object> apply(Object operation) {
        if (!spec.directApplies()) {
            throw new RefusedException(RefusalReason.DIRECT_APPLY_REFUSED, "game '" + gameId
                    + "' takes only operations proposed and voted by its participants");
        }
        byte[] encoded = local().encodeOperation(operation);
        return (Snapshot<Object>) replication.replicate(GameRecord.apply(gameId, encoded));
    }

    /** Every apply goes once through the log, whose leader orders it: there is no compare-and-swap to lose. */
    @Override
    public Optional<Snapshot<Object>> tryApply(Object operation, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, not " + maxAttempts);
        }
        return Optional.of(apply(operation));
    }

    @Override
    public ProposalState submit(Proposal proposal) {
        ballot.checkProposal(proposal);
        local(); // a game stopped or closed here takes no proposal
        if (ProposalState.votesToCommit(spec.participants().size()) <= 1) {
            return decided(proposal, List.of());
        }
        return ballot.hold(proposal);
    }

    @Override
    public ProposalState vote(Vote vote) {
        Ballot.Verdict verdict;
        try {
            verdict = ballot.count(vote);
        } catch (RefusedException e) {
            if (e.reason() == RefusalReason.UNKNOWN_PROPOSAL && local().proposal(vote.proposalId()).isPresent()) {
                throw new RefusedException(RefusalReason.PROPOSAL_CLOSED, "proposal "
                        + vote.proposalId().shortHex() + " of game '" + gameId + "' is closed", e);
            }
            throw e;
        }
        return verdict.quorum == null ? verdict.state : decided(verdict.state.proposal(), verdict.quorum);
    }

    /** Replicates a proposal with its quorum; every server commits it, or closes it the same way. */
    private ProposalState decided(Proposal proposal, List<Vote> quorum) {
        return (ProposalState) replication.replicate(GameRecord.proposal(proposal, quorum));
    }

    @Override
    public Optional<ProposalState> proposal(ProposalId id) {
        Optional<ProposalState> waiting = ballot.find(id);
        return waiting.isPresent() ? waiting : local().proposal(id);
    }

    @Override
    public List<ProposalState> proposals() {
        List<ProposalState> all = new ArrayList<>(ballot.waiting());
        for (ProposalState state : local().proposals()) {
            if (state.status() == ProposalStatus.OPEN) {
                all.add(state);
            }
        }
        return all;
    }

    @Override
    public int expireDue() {
        return ballot.expireDue();
    }

    @Override
    public TransitionCheck validateTransition(StateHash from, Object operation, StateHash to) {
        return local().validateTransition(from, operation, to);
    }

    /**
     * Refused: a validator registered on one server would refuse transitions there only, and the copies would part.
     * Validation that every server must share belongs in the game's rules.
     */
    @Override
    public Registration addValidator(TransitionValidator<Object, Object> validator) {
        throw new UnsupportedOperationException("game '" + gameId + "' is replicated: a validator on one server "
                + "would make its copy part from the others; put the check in the game's rules");
    }

    /** Hears this server's commits, in order; a server that loads a snapshot opens a new engine, without it. */
    @Override
    public Registration addListener(CommitListener<Object, Object> listener) {
        return local().addListener(listener);
    }

    @Override
    public EngineStats stats() {
        return local().stats();
    }

    @Override
    public byte[] encodeOperation(Object operation) {
        return local().encodeOperation(operation);
    }

    @Override
    public byte[] encodeState(Object state) {
        return local().encodeState(state);
    }

    @Override
    public Object decodeOperation(byte[] bytes) {
        return local().decodeOperation(bytes);
    }

    @Override
    public Object parseOperation(String text) {
        return local().parseOperation(text);
    }

    @Override
    public String describeState(Object state) {
        return local().describeState(state);
    }

    @Override
    public String describeOperation(Object operation) {
        return local().describeOperation(operation);
    }

    @Override
    public String toString() {
        return "replicated game " + gameId + " on server " + replication.serverId();
    }
}
