/**
 * Freelock's storage contract: a {@link io.freelock.storage.JournalStore} service that keeps, per game, an
 * append-only {@link io.freelock.storage.Journal} of committed operations and snapshots of the state, so that an
 * engine can rebuild a game after a restart or a crash.
 *
 * <h2>What a journal holds</h2>
 * One game's rows, numbered by the game's versions: row {@code n} is the canonical bytes of the operation that took
 * the game from version {@code n - 1} to {@code n}, the digest of the state it produced, the hash of version
 * {@code n} in the chain {@link io.freelock.consensus.StateHash} describes, and the evidence that the participants
 * agreed to it (their signed proposal and votes; none for an operation the host applied directly). The journal is
 * created with the game's {@link io.freelock.storage.JournalGenesis}, so a game opened again finds its own instance.
 * Rows are contiguous: an append starts right after the head, or nothing of it is written. A snapshot is the
 * canonical state at a version that has a row; it only shortens replay and never replaces rows.
 *
 * <h2>What a store checks</h2>
 * Everything it hands back: each row read is checked against the hash chain from the genesis hash (or from the row
 * before the first one read), each snapshot against the state digest and hash of its version's row. Signatures are checked by the engine, which
 * knows the participants' keys. Anything
 * that does not check out is a {@link io.freelock.storage.JournalException} of kind
 * {@link io.freelock.storage.JournalException.Kind#CORRUPT CORRUPT} naming the game and the version: nothing is
 * skipped, repaired or truncated silently.
 */
@Export
@Version("2.1.0")
package io.freelock.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
