package io.freelock.storage;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import io.freelock.consensus.StateHash;

/**
 * One game's journal: its rows of committed operations, numbered by version from 1, and snapshots of its state.
 * See the package documentation for what is kept and checked. Every method may be called from any thread; each
 * either completes or changes nothing.
 */
@ProviderType
public interface Journal {

    String gameId();

    /** @return the genesis recorded when the game's journal was created */
    JournalGenesis genesis();

    /**
     * @return the last row's version and hash, or version 0 and the genesis hash while there are no rows
     * @throws JournalException {@link JournalException.Kind#UNAVAILABLE UNAVAILABLE} if the database cannot be reached
     */
    JournalPosition head();

    /**
     * Appends rows in one transaction: all are written, or none.
     *
     * @param records rows with contiguous versions, the first one right after {@link #head()}
     * @throws JournalException {@link JournalException.Kind#CONFLICT CONFLICT} if the first version does not follow
     *         the head or the versions are not contiguous; {@link JournalException.Kind#UNAVAILABLE UNAVAILABLE} if
     *         the database cannot be reached or the transaction fails (then nothing was written, unless the failure
     *         hid a commit: read {@link #head()} before appending again)
     * @throws IllegalArgumentException if {@code records} is empty
     */
    void append(List<JournalRecord> records);

    /**
     * Hands the rows from version {@code from} to the head to {@code each}, in version order, checking each against
     * the hash chain first. {@code each} must not call this journal: the read holds it.
     *
     * @param from 1 or more
     * @throws JournalException {@link JournalException.Kind#CORRUPT CORRUPT} at the first row that is missing or
     *         does not chain, before it is handed over; {@link JournalException.Kind#UNAVAILABLE UNAVAILABLE} if the
     *         database cannot be reached
     */
    void read(long from, Consumer<JournalRecord> each);

    /**
     * Saves a snapshot of the state at a version that has a row (replacing any snapshot of the same version).
     *
     * @throws JournalException {@link JournalException.Kind#CONFLICT CONFLICT} if there is no row of that version or
     *         its hash differs; {@link JournalException.Kind#UNAVAILABLE UNAVAILABLE} if the database cannot be
     *         reached
     */
    void saveSnapshot(JournalSnapshot snapshot);

    /**
     * @param atMost the highest version wanted
     * @return the snapshot of the highest version up to {@code atMost}, checked against the state digest of its
     *         version's row; empty if there is none
     * @throws JournalException {@link JournalException.Kind#CORRUPT CORRUPT} if that snapshot does not check out
     */
    Optional<JournalSnapshot> latestSnapshot(long atMost);

    /**
     * Releases what the journal holds open for its game (a database connection, say), as a game that is closed
     * should; a later call opens it again.
     */
    void close();
}
