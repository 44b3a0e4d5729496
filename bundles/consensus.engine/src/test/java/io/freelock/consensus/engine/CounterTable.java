package io.freelock.consensus.engine;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;

/** A counter game for tests: participants p0..p(n-1) with real Ed25519 keys, opened on a factory of its own. */
final class CounterTable {

    final Map<String, KeyPair> keys = new LinkedHashMap<>();
    final CounterRules rules = new CounterRules();
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
        factory.addRules(rules, Map.of("game.type", CounterRules.TYPE));
        List<Participant> list = new ArrayList<>();
        for (int i = 0; i < participants; i++) {
            KeyPair pair = newKeyPair();
            keys.put("p" + i, pair);
            list.add(new Participant("p" + i, pair.getPublic()));
        }
        engine = (GameEngine<Long, Long>) factory.open(new GameSpec(gameId, CounterRules.TYPE, list));
    }

    static KeyPair newKeyPair() {
        return Participant.generateKeys();
    }

    PrivateKey key(String participant) {
        return keys.get(participant).getPrivate();
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
