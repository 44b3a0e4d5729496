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

    /**
     * Opens a game in its initial state, as {@link #open} does, but in memory only, with no journal, whatever the
     * factory's durability: for a game whose history something else keeps durable, such as a replicated log (see
     * {@link #openInMemory(GameSpec, long, StateHash, byte[])}). The spec must name its instance.
     *
     * @return the new engine
     * @throws RefusedException {@link RefusalReason#GAME_EXISTS} if the id is taken,
     *         {@link RefusalReason#INVALID_GAME_SPEC} if the spec names no instance;
     *         {@link RulesUnavailableException} if no rules for the type are registered
     * @since 1.3
     */
    GameEngine<?, ?> openInMemory(GameSpec spec);

    /**
     * Opens a game whose history something else keeps durable, such as a replicated log that every server applies
     * in the same order: the engine keeps it in memory only, with no journal, whatever the factory's durability, and
     * starts at the state given, so that a server joining late or restarting starts from a snapshot and applies the
     * rest of the log. The spec must name its instance ({@link GameSpec#instance()}), since every server must open
     * the same instance.
     *
     * @param version the version to start at: 0 for the initial state, whose hash must then be the genesis these
     *        rules give for the spec
     * @param hash the hash of the state at {@code version}
     * @param canonicalState the state at {@code version}, in the rules' canonical encoding
     * @return the new engine
     * @throws RefusedException {@link RefusalReason#GAME_EXISTS} if the id is taken,
     *         {@link RefusalReason#INVALID_GAME_SPEC} if the spec names no instance, or if the state does not decode
     *         and encode back to the same bytes, or a version 0 is not the game's genesis;
     *         {@link RulesUnavailableException} if no rules for the type are registered
     * @since 1.3
     */
    GameEngine<?, ?> openInMemory(GameSpec spec, long version, StateHash hash, byte[] canonicalState);

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
