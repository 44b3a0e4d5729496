package io.freelock.consensus;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The service an engine bundle registers: it opens one {@link GameEngine} per game and finds it again by id. An
 * engine plays the rules of the {@link StateMachine} service whose {@value StateMachine#GAME_TYPE} is the game's
 * type (the highest-ranked one if there are several), and follows them as they come and go.
 */
@ProviderType
public interface GameEngineFactory {

    /**
     * Opens a game in its initial state: version 0, hash {@code SHA-256(canonical initial state)}.
     *
     * @return the new engine; its type parameters are the rules' state and operation types
     * @throws RefusedException {@link RefusalReason#GAME_EXISTS} if the id is taken,
     *         {@link RulesUnavailableException} if no rules for the type are registered
     */
    GameEngine<?, ?> open(GameSpec spec);

    /** @return the open engine of that game */
    Optional<GameEngine<?, ?>> find(String gameId);

    /** @return the open engines, by game id */
    List<GameEngine<?, ?>> engines();

    /**
     * Closes a game: its engine refuses everything afterwards with {@link RefusalReason#ENGINE_CLOSED}.
     *
     * @return whether such a game was open
     */
    boolean close(String gameId);

    /** @return the game types whose rules are registered now */
    Set<String> gameTypes();
}
