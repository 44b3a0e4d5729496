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
     * Opens the journal of a game, creating it (with no rows, and {@code proposed} as its genesis) on first use.
     *
     * @param gameId the game's id
     * @param gameType the type of the game's rules
     * @param proposed the genesis of a new instance of the game, recorded if the store holds no journal of it yet
     * @return the game's journal, whose {@link Journal#genesis()} is the one recorded: {@code proposed}, or the one
     *         recorded when the game was first opened (the caller checks it)
     * @throws JournalException {@link JournalException.Kind#MISMATCH MISMATCH} if the store holds a game with that
     *         id but of another type; {@link JournalException.Kind#UNAVAILABLE UNAVAILABLE} if the database cannot
     *         be reached
     */
    Journal open(String gameId, String gameType, JournalGenesis proposed);

    /**
     * Checks that the database can be reached and holds the store's schema now.
     *
     * @throws JournalException {@link JournalException.Kind#UNAVAILABLE UNAVAILABLE} saying why not
     */
    void check();

    /** @return where the journals are kept, for operators: the database and its URL, never a password */
    String describe();
}
