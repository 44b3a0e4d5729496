package io.freelock.consensus.engine;

import java.util.Arrays;
import java.util.Optional;

import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.StateMachine;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalSnapshot;

/**
 * Rebuilds a game from its journal when it is opened: the latest snapshot, then the rows after it replayed through
 * the rules. Every row from version 1 on is checked against the hash chain (by the store as it reads, and here
 * again, since a store is a plug-in), and every replayed row must decode canonically and be allowed by the rules.
 * A problem is a {@link RefusalReason#JOURNAL_BROKEN} refusal naming the game and the version: nothing is skipped.
 * Validators are not run: they judged these operations when they were first applied.
 */
final class Recovery {

    /** The state the journal leads to, and the version of the snapshot recovery started from (0 if none). */
    static final class Result {
        final Snapshot<Object> recovered;
        final long fromSnapshot;

        Result(Snapshot<Object> recovered, long fromSnapshot) {
            this.recovered = recovered;
            this.fromSnapshot = fromSnapshot;
        }
    }

    private final GameSpec spec;
    private final StateMachine<Object, Object> rules;
    private Object state;
    private StateHash hash;
    private long version;
    private Object snapshotState;
    private long snapshotVersion;
    private StateHash snapshotHash;

    private Recovery(GameSpec spec, StateMachine<Object, Object> rules, Snapshot<Object> genesis) {
        this.spec = spec;
        this.rules = rules;
        this.state = genesis.state();
        this.hash = genesis.hash();
    }

    /**
     * @param genesis the game's initial snapshot; the journal must have been opened with its hash
     * @throws RefusedException {@link RefusalReason#JOURNAL_BROKEN} if the journal does not check out or replay,
     *         {@link RefusalReason#JOURNAL_UNAVAILABLE} if it cannot be read
     */
    static Result replay(GameSpec spec, StateMachine<Object, Object> rules, Journal journal, Snapshot<Object> genesis) {
        Recovery recovery = new Recovery(spec, rules, genesis);
        try {
            recovery.startFrom(journal.latestSnapshot());
            journal.read(1, recovery::row);
        } catch (JournalException e) {
            throw refusal(e);
        }
        return recovery.result();
    }

    /** @return the refusal an engine reports for a journal's failure */
    static RefusedException refusal(JournalException e) {
        RefusalReason reason = e.kind() == JournalException.Kind.UNAVAILABLE ? RefusalReason.JOURNAL_UNAVAILABLE
                : RefusalReason.JOURNAL_BROKEN;
        String where = e.gameId() == null ? "" : "game '" + e.gameId() + "'" + (e.version() < 0 ? "" : ", version "
                + e.version()) + ": ";
        return new RefusedException(reason, where + e.getMessage(), e);
    }

    private void startFrom(Optional<JournalSnapshot> snapshot) {
        if (snapshot.isEmpty()) {
            return;
        }
        JournalSnapshot s = snapshot.get();
        byte[] bytes = s.state();
        Object decoded;
        try {
            decoded = rules.decodeState(bytes);
        } catch (RuntimeException | LinkageError e) {
            throw broken(s.version(), "its snapshot cannot be read by the " + spec.gameType() + " rules: " + e);
        }
        if (decoded == null || !Arrays.equals(bytes, rules.encodeState(decoded))) {
            throw broken(s.version(), "its snapshot is not a canonical " + spec.gameType() + " state");
        }
        snapshotState = decoded;
        snapshotVersion = s.version();
        snapshotHash = s.hash();
    }

    private void row(JournalRecord row) {
        long v = row.version();
        if (v != version + 1) {
            throw broken(v, "row " + v + " follows row " + version);
        }
        byte[] operation = row.operation();
        StateHash next = hash.next(operation);
        if (!next.equals(row.hash())) {
            throw broken(v, "its hash " + row.hash().shortHex() + " is not SHA-256(hash of version " + version
                    + " || operation " + v + ") = " + next.shortHex());
        }
        if (v < snapshotVersion) {
            advance(v, next, state); // before the snapshot only the chain is checked; the state comes from it
        } else if (v == snapshotVersion) {
            if (!next.equals(snapshotHash)) {
                throw broken(v, "its snapshot's hash differs from its row's");
            }
            advance(v, next, snapshotState);
        } else {
            advance(v, next, apply(v, operation));
        }
    }

    private void advance(long v, StateHash h, Object s) {
        version = v;
        hash = h;
        state = s;
    }

    private Object apply(long v, byte[] bytes) {
        Object operation;
        try {
            operation = rules.decodeOperation(bytes);
        } catch (RuntimeException | LinkageError e) {
            throw broken(v, "its operation cannot be read as a " + spec.gameType() + " operation: " + e.getMessage());
        }
        if (operation == null || !Arrays.equals(bytes, rules.encodeOperation(operation))) {
            throw broken(v, "its operation is not a canonical " + spec.gameType() + " operation");
        }
        Object next;
        try {
            next = rules.apply(state, operation);
        } catch (RefusedException refused) {
            throw broken(v, "the rules refuse its operation on replay: " + refused.getMessage());
        } catch (RuntimeException | LinkageError e) {
            throw broken(v, "the rules failed on its operation on replay: " + e);
        }
        if (next == null) {
            throw broken(v, "the rules returned no state for its operation");
        }
        return next;
    }

    private Result result() {
        if (version < snapshotVersion) {
            throw broken(snapshotVersion, "it has a snapshot of version " + snapshotVersion + " but rows only up to "
                    + version);
        }
        return new Result(new Snapshot<>(state, version, hash), snapshotVersion);
    }

    private RefusedException broken(long v, String what) {
        return new RefusedException(RefusalReason.JOURNAL_BROKEN,
                "the journal of game '" + spec.gameId() + "' is broken at version " + v + ": " + what);
    }
}
