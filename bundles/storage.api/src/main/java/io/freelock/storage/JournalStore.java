package io.freelock.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Appends rows to several journals of this store, each as {@link Journal#append} would: all of a journal's rows
     * are written, or none of them. A store that can puts them all in one transaction (a group commit), so that games
     * writing at once share its cost; one journal's refusal (a conflict, say) does not stop the others' rows. When
     * this returns, every row of every journal it does not name is durable.
     *
     * <p>This default appends to each journal in turn, in the map's iteration order.
     *
     * @param appends for each journal, opened by this store, its rows: contiguous versions, the first one right after
     *        the journal's head
     * @return each journal whose rows were not written, with why (as {@link Journal#append} would throw it); empty
     *         when all were written
     * @throws IllegalArgumentException before anything is written, if a journal was not opened by this store or
     *         its rows are empty
     */
    default Map<Journal, JournalException> appendAll(Map<Journal, List<JournalRecord>> appends) {
        appends.forEach((journal, rows) -> {
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("an append to game '" + journal.gameId()
                        + "' needs at least one row");
            }
        });
        Map<Journal, JournalException> refused = new LinkedHashMap<>();
        appends.forEach((journal, rows) -> {
            try {
                journal.append(rows);
            } catch (JournalException e) {
                refused.put(journal, e);
            }
        });
        return refused;
    }

    /**
     * Checks that the database can be reached and holds the store's schema now.
     *
     * @throws JournalException {@link JournalException.Kind#UNAVAILABLE UNAVAILABLE} saying why not
     */
    void check();

    /** @return where the journals are kept, for operators: the database and its URL, never a password */
    String describe();
}
