package io.freelock.consensus.engine;

import java.security.PrivateKey;
import java.util.Map;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.consensus.testkit.Players;

/** A counter game for tests: participants p0..p(n-1) with real Ed25519 keys, opened on a factory of its own. */
final class CounterTable {

    final Players players;
    final CounterGame rules = new CounterGame();
    final EngineFactory factory;
    final GameEngine<Long, Long> engine;
    final String gameId;

    CounterTable(int participants) {
        this(participants, EngineSettings.defaults());
    }

    CounterTable(int participants, EngineSettings settings) {
        this("game-1", participants, settings);
    }

    @SuppressWarnings("unchecked")
    CounterTable(String gameId, int participants, EngineSettings settings) {
        this.gameId = gameId;
        factory = new EngineFactory(settings);
        factory.addRules(rules, Map.of("game.type", CounterGame.TYPE));
        players = Players.withKeys(participants);
        engine = (GameEngine<Long, Long>) factory.open(new GameSpec(gameId, CounterGame.TYPE,
                players.participants()));
    }

    PrivateKey key(String participant) {
        return players.privateKey(participant);
    }

    Proposal propose(String proposer, long amount) {
        return propose(proposer, amount, engine.current().hash());
    }

    Proposal propose(String proposer, long amount, StateHash against) {
        return Proposal.sign(gameId, proposer, against, engine.encodeOperation(amount), key(proposer));
    }

    Vote vote(ProposalId id, String voter, boolean approve) {
        return Vote.sign(gameId, id, voter, approve, key(voter));
    }
}
