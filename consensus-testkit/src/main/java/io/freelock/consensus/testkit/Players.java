package io.freelock.consensus.testkit;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.freelock.consensus.Participant;

/**
 * The seated players of a test's game, each with a new Ed25519 key pair ({@link Participant#generateKeys()}): the
 * participants a {@code GameSpec} lists, and the private keys that sign their proposals and votes. Immutable.
 */
public final class Players {

    private final Map<String, KeyPair> keys;
    private final List<Participant> participants;

    private Players(List<String> ids) {
        Map<String, KeyPair> pairs = new LinkedHashMap<>();
        List<Participant> seated = new ArrayList<>();
        for (String id : ids) {
            KeyPair pair = Participant.generateKeys();
            if (pairs.put(id, pair) != null) {
                throw new IllegalArgumentException("player '" + id + "' is named twice in " + ids);
            }
            seated.add(new Participant(id, pair.getPublic()));
        }
        this.keys = Collections.unmodifiableMap(pairs);
        this.participants = List.copyOf(seated);
    }

    /** @return {@code count} players named p0, p1, ..., each with keys of its own */
    public static Players withKeys(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a game seats 1 or more players, not " + count);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("p" + i);
        }
        return new Players(ids);
    }

    /** @return players of these names, in this order, each with keys of its own */
    public static Players withKeys(String... ids) {
        return withKeys(List.of(ids));
    }

    /** @return players of these names, in this order, each with keys of its own */
    public static Players withKeys(List<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a game seats 1 or more players, none were named");
        }
        return new Players(ids);
    }

    /** @return the participants, in the order they were named: what a {@code GameSpec} lists */
    public List<Participant> participants() {
        return participants;
    }

    /** @return the participant {@code id} */
    public Participant participant(String id) {
        keyPair(id); // an unknown id is refused with the names there are
        return participants.get(ids().indexOf(id));
    }

    /** @return the ids, in the order they were named */
    public List<String> ids() {
        return List.copyOf(keys.keySet());
    }

    /** @return every player's key pair by id, in the order they were named */
    public Map<String, KeyPair> keyPairs() {
        return keys;
    }

    /** @throws IllegalArgumentException if no player is named {@code id} */
    public KeyPair keyPair(String id) {
        KeyPair pair = keys.get(id);
        if (pair == null) {
            throw new IllegalArgumentException("no player '" + id + "' among " + keys.keySet());
        }
        return pair;
    }

    /** @return the key {@code id} signs with */
    public PrivateKey privateKey(String id) {
        return keyPair(id).getPrivate();
    }

    /** @return the key {@code id}'s signatures are checked with */
    public PublicKey publicKey(String id) {
        return keyPair(id).getPublic();
    }
}
