package io.freelock.consensus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What opens a game: its id, the type of its rules (a {@link StateMachine}'s {@value StateMachine#GAME_TYPE}), its
 * participants in a fixed order (the order the rules may use, e.g. for seats), and options for the rules (e.g.
 * starting chips), kept sorted by key so that they are the same on every node. Immutable.
 */
public final class GameSpec {

    private final String gameId;
    private final String gameType;
    private final List<Participant> participants;
    private final SortedMap<String, String> options;
    /** 64 hex digits naming this instance of the game, or empty until an engine opens it (see {@link #instance}). */
    private final String instance;
    /** Whether the host may apply operations directly, without a signed proposal (see {@link #directApplies}). */
    private final boolean directApplies;

    /**
     * @throws RefusedException {@link RefusalReason#INVALID_GAME_SPEC} for a bad id or type, no participants, or
     *         two participants with one id
     */
    public GameSpec(String gameId, String gameType, List<Participant> participants, Map<String, String> options) {
        this(gameId, gameType, participants, options, "", true);
    }

    private GameSpec(String gameId, String gameType, List<Participant> participants, Map<String, String> options,
            String instance, boolean directApplies) {
        this.instance = instance;
        this.directApplies = directApplies;
        this.gameId = Participant.requireId(gameId, "game id");
        this.gameType = Participant.requireId(gameType, "game type");
        List<Participant> copy = new ArrayList<>(Objects.requireNonNull(participants, "participants"));
        if (copy.isEmpty()) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC, "game '" + gameId + "' has no participants");
        }
        Set<String> ids = new HashSet<>();
        for (Participant p : copy) {
            if (!ids.add(Objects.requireNonNull(p, "participant").id())) {
                throw new RefusedException(RefusalReason.INVALID_GAME_SPEC,
                        "game '" + gameId + "' lists participant '" + p.id() + "' twice");
            }
        }
        this.participants = Collections.unmodifiableList(copy);
        this.options = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(options, "options")));
    }

    /** A spec without options. */
    public GameSpec(String gameId, String gameType, List<Participant> participants) {
        this(gameId, gameType, participants, Map.of());
    }

    public String gameId() {
        return gameId;
    }

    public String gameType() {
        return gameType;
    }

    /** @return the participants, in the order given */
    public List<Participant> participants() {
        return participants;
    }

    /** @return the participants' ids, in the order given */
    public List<String> participantIds() {
        List<String> ids = new ArrayList<>(participants.size());
        participants.forEach(p -> ids.add(p.id()));
        return Collections.unmodifiableList(ids);
    }

    /** @return the participant with that id, if any */
    public Optional<Participant> participant(String id) {
        return participants.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * @return 64 lower-case hex digits that name this instance of the game: chosen at random by the engine when the
     *         game is first opened, kept in its journal, and bound into its genesis hash, so that nothing signed for
     *         another game of the same id (one closed and opened again, say) counts in this one. Rules read it in
     *         {@link StateMachine#initialState} to bind their own commitments to the instance. Empty in a spec a
     *         host built, before an engine opened it.
     */
    public String instance() {
        return instance;
    }

    /**
     * @param instance 64 hexadecimal digits
     * @return this spec naming that instance of the game
     * @throws RefusedException {@link RefusalReason#INVALID_GAME_SPEC} if {@code instance} is not 64 hex digits
     */
    public GameSpec withInstance(String instance) {
        Objects.requireNonNull(instance, "instance");
        if (!instance.matches("[0-9a-f]{64}")) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC, "game '" + gameId
                    + "': an instance is 64 lower-case hex digits, not '" + instance + "'");
        }
        return new GameSpec(gameId, gameType, participants, options, instance, directApplies);
    }

    /**
     * @return whether the host may change the game by {@link GameEngine#apply} without a proposal signed by a
     *         participant (true unless {@link #withDirectApplies} said otherwise). A game that refuses them has a
     *         journal every row of which carries its proposal and votes, signed by the participants, so nobody
     *         without their keys can write a history that recovers. The choice is bound into the genesis hash.
     */
    public boolean directApplies() {
        return directApplies;
    }

    /** @return this spec, accepting or refusing operations applied directly by the host (see {@link #directApplies}) */
    public GameSpec withDirectApplies(boolean accepted) {
        return new GameSpec(gameId, gameType, participants, options, instance, accepted);
    }

    /** @return the options, sorted by key */
    public SortedMap<String, String> options() {
        return options;
    }

    @Override
    public String toString() {
        return gameId + " (" + gameType + ", participants " + participantIds() + ", options " + options
                + (instance.isEmpty() ? "" : ", instance " + instance.substring(0, 12))
                + (directApplies ? "" : ", signed operations only") + ")";
    }
}
