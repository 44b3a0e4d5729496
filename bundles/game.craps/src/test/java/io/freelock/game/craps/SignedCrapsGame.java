package io.freelock.game.craps;

import java.util.List;
import java.util.Map;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.Vote;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.testkit.Players;

/** A craps game opened on a real engine factory, with players that sign their proposals and votes. */
final class SignedCrapsGame {

    final CrapsRules rules = new CrapsRules();
    final EngineFactory factory = new EngineFactory();
    final Players players;
    final GameEngine<CrapsState, CrapsOperation> engine;

    SignedCrapsGame(String gameId, String... players) {
        this(gameId, "", List.of(players));
    }

    /** @param instance the game instance (64 hex digits), or empty for a fresh one the engine picks */
    @SuppressWarnings("unchecked")
    SignedCrapsGame(String gameId, String instance, List<String> players) {
        factory.addRules(rules, Map.of("game.type", CrapsRules.GAME_TYPE));
        this.players = Players.withKeys(players);
        GameSpec spec = new GameSpec(gameId, CrapsRules.GAME_TYPE, this.players.participants(), Map.of());
        engine = (GameEngine<CrapsState, CrapsOperation>) factory.open(
                instance.isEmpty() ? spec : spec.withInstance(instance));
    }

    Proposal propose(String proposer, CrapsOperation operation) {
        return Proposal.sign(engine.gameId(), proposer, engine.current().hash(), engine.encodeOperation(operation),
                players.privateKey(proposer));
    }

    /** Proposes {@code operation} as {@code proposer}, then has the other players vote for it until it closes. */
    ProposalState agree(String proposer, CrapsOperation operation) {
        ProposalState state = engine.submit(propose(proposer, operation));
        for (String voter : players.ids()) {
            if (state.status() != ProposalStatus.OPEN) {
                break;
            }
            if (!voter.equals(proposer)) {
                state = engine.vote(Vote.sign(engine.gameId(), state.id(), voter, true, players.privateKey(voter)));
            }
        }
        return state;
    }
}
