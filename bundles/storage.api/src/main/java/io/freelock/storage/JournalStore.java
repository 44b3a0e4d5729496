package io.freelock.storage;

import org.osgi.annotation.versioning.ProviderType;

import io.freelock.consensus.StateHash;

/**
 * Keeps the journals of games in one database. Registered as an OSGi service by a storage bundle; every method may
 * be called from any thread.
 */
@ProviderType
public interface JournalStore {

    /**
     * Opens the journal of a game, creating it (with no rows) on first use.
     *
     * @param gameId the game's id
     * @param gameType the type of the game's rules
     * @param genesis the hash of the game's initial state, version 0
     * @return the game's journal
     * @throws JournalException {@link JournalException.Kind#MISMATCH MISMATCH} if the store holds a game with that
     *         id but another type or genesis hash; {@link JournalException.Kind#UNAVAILABLE UNAVAILABLE} if the
     *         database cannot be reached
     */
    Journal open(String gameId, String gameType, StateHash genesis);

    /**
     * Checks that the database can be reached and holds the store's schema now.
     *
     * @throws JournalException {@link JournalException.Kind#UNAVAILABLE UNAVAILABLE} saying why not
     */
    void check();

    /** @return where the journals are kept, for operators: the database and its URL, never a password */
    String describe();
}
