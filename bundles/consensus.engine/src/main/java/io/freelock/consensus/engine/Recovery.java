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
 * Rebuilds a game from its journal when it is opened, trusting nothing the database says that the players' keys and
 * the hash chain do not confirm. A problem is a {@link RefusalReason#JOURNAL_BROKEN} refusal naming the game and the
 * version: nothing is skipped.
 *
 * <p><b>First pass: the chain and the signatures.</b> Every row from version 1 on must chain from the one before
 * (through its operation and its state digest, see {@link StateHash}), and every row's evidence, if it has some,
 * must be a proposal against the previous version's hash, signed by its proposer, with signed votes reaching the
 * quorum (see {@link Evidence}). A row without evidence (applied directly by the host) is refused in a game whose
 * spec accepts none. A valid signed row at version {@code v} vouches for the hash of {@code v - 1}, and so for
 * every operation and state digest before it.
 *
 * <p><b>Then the state.</b> Recovery starts from the newest snapshot whose version is vouched for (in a game that
 * accepts direct rows, the newest snapshot: its direct rows are the host's word), checks that the snapshot is the
 * state whose digest its row holds, and replays the rows after it through the rules, checking that each gives the
 * state digest its row holds. So an edited snapshot, an edited row, or a history rewritten from some version on
 * without the players' keys does not recover. Validators are not run: they judged these operations when they were
 * first applied.
 */
final class Recovery {

    /** The head the journal leads to, and the version of the snapshot recovery started from (0 if none). */
    static final class Result {
        final Snapshot<Object> recovered;
        final byte[] stateDigest;
        final long fromSnapshot;

        Result(Snapshot<Object> recovered, byte[] stateDigest, long fromSnapshot) {
            this.recovered = recovered;
            this.stateDigest = stateDigest;
            this.fromSnapshot = fromSnapshot;
        }
    }

    private final GameSpec spec;
    private final StateMachine<Object, Object> rules;
    // the position reached so far (pass one: hash and version; pass two: the state as well)
    private Object state;
    private StateHash hash;
    private byte[] digest;
    private long version;
    /** The highest version whose hash a verified signature vouches for (the version before a signed row). */
    private long vouched;
    /** The snapshot pass two starts from, at its first row; null to start from the genesis. */
    private JournalSnapshot snapshot;

    private Recovery(GameSpec spec, StateMachine<Object, Object> rules, Head genesis) {
        this.spec = spec;
        this.rules = rules;
        restart(genesis.snapshot, genesis.stateDigest);
    }

    private void restart(Snapshot<Object> at, byte[] stateDigest) {
        state = at.state();
        hash = at.hash();
        digest = stateDigest;
        version = at.version();
    }

    /**
     * @param genesis the game's initial head; the journal must have recorded its hash
     * @throws RefusedException {@link RefusalReason#JOURNAL_BROKEN} if the journal does not check out or replay,
     *         {@link RefusalReason#JOURNAL_UNAVAILABLE} if it cannot be read
     */
    static Result replay(GameSpec spec, StateMachine<Object, Object> rules, Journal journal, Head genesis) {
        Recovery recovery = new Recovery(spec, rules, genesis);
        try {
            journal.read(1, recovery::check);
            long head = recovery.version;
            StateHash headHash = recovery.hash; // the rows pass two replays must be the very rows pass one verified
            long atMost = spec.directApplies() ? head : recovery.vouched;
            Optional<JournalSnapshot> snapshot = journal.latestSnapshot(atMost);
            recovery.restart(genesis.snapshot, genesis.stateDigest);
            recovery.snapshot = snapshot.orElse(null);
            if (head > 0) {
                journal.read(snapshot.map(JournalSnapshot::version).orElse(1L), recovery::replay);
            }
            if (recovery.version != head) {
                throw recovery.broken(recovery.version + 1, "the rows after v" + recovery.version + " went missing "
                        + "while the journal was read (the head was v" + head + ")");
            }
            if (!recovery.hash.equals(headHash)) {
                throw recovery.broken(head, "its rows changed while the journal was read");
            }
            return new Result(new Snapshot<>(recovery.state, recovery.version, recovery.hash), recovery.digest,
                    snapshot.map(JournalSnapshot::version).orElse(0L));
        } catch (JournalException e) {
            throw refusal(e);
        }
    }

    /** @return the refusal an engine reports for a journal's failure */
    static RefusedException refusal(JournalException e) {
        RefusalReason reason = e.kind() == JournalException.Kind.UNAVAILABLE ? RefusalReason.JOURNAL_UNAVAILABLE
                : RefusalReason.JOURNAL_BROKEN;
        String where = e.gameId() == null ? "" : "game '" + e.gameId() + "'" + (e.version() < 0 ? "" : ", version "
                + e.version()) + ": ";
        return new RefusedException(reason, where + e.getMessage(), e);
    }

    /** Pass one: the row chains, and its evidence verifies (or it is a direct row the game accepts). */
    private void check(JournalRecord row) {
        long v = row.version();
        if (v != version + 1) {
            throw broken(v, "row " + v + " follows row " + version);
        }
        if (!row.chainsFrom(hash)) {
            throw broken(v, "its hash " + row.hash().shortHex() + " does not chain from the hash of version "
                    + version + " through its operation and state digest");
        }
        if (row.isDirect()) {
            if (!spec.directApplies()) {
                throw broken(v, "it was applied directly, without a signed proposal, and game '" + spec.gameId()
                        + "' accepts signed operations only");
            }
        } else {
            try {
                Evidence.verify(row.evidence(), spec, hash, row.operation());
            } catch (IllegalArgumentException e) {
                throw broken(v, e.getMessage());
            }
            vouched = v - 1;
        }
        version = v;
        hash = row.hash();
    }

    /** Takes the state from the snapshot, once it is shown to be the state the chain names at its version. */
    private void startFrom(JournalRecord row) {
        long s = snapshot.version();
        byte[] bytes = snapshot.state();
        if (!Arrays.equals(StateHash.digest(bytes), row.stateDigest()) || !row.hash().equals(snapshot.hash())) {
            throw broken(s, "its snapshot is not the state the hash chain names at that version");
        }
        Object decoded;
        try {
            decoded = rules.decodeState(bytes);
        } catch (RuntimeException | LinkageError e) {
            throw broken(s, "its snapshot cannot be read by the " + spec.gameType() + " rules: " + e);
        }
        if (decoded == null || !Arrays.equals(bytes, rules.encodeState(decoded))) {
            throw broken(s, "its snapshot is not a canonical " + spec.gameType() + " state");
        }
        state = decoded;
        hash = snapshot.hash();
        digest = row.stateDigest();
        version = s;
    }

    /** Pass two: the rules replay the row from the state before it, to the state its digest names. */
    private void replay(JournalRecord row) {
        long v = row.version();
        if (snapshot != null && v == snapshot.version()) {
            startFrom(row);
            return;
        }
        if (v != version + 1) {
            throw broken(v, "row " + v + " follows row " + version);
        }
        byte[] bytes = row.operation();
        Object operation = decode(v, bytes);
        if (!row.isDirect()) {
            String proposer = Evidence.proposerOf(row.evidence()); // pass one verified it, signatures and all
            Optional<String> actor = rules.actor(operation);
            if (actor.isPresent() && !actor.get().equals(proposer)) {
                throw broken(v, proposer + " proposed an operation only " + actor.get() + " may propose");
            }
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
        byte[] nextDigest = StateHash.digest(rules.encodeState(next));
        if (!Arrays.equals(nextDigest, row.stateDigest())) {
            throw broken(v, "replaying its operation gives another state than the one its row names");
        }
        StateHash nextHash = hash.next(bytes, nextDigest);
        if (!nextHash.equals(row.hash())) {
            throw broken(v, "its hash does not chain from the replayed state before it");
        }
        state = next;
        hash = nextHash;
        digest = nextDigest;
        version = v;
    }

    private Object decode(long v, byte[] bytes) {
        Object operation;
        try {
            operation = rules.decodeOperation(bytes);
        } catch (RuntimeException | LinkageError e) {
            throw broken(v, "its operation cannot be read as a " + spec.gameType() + " operation: " + e.getMessage());
        }
        if (operation == null || !Arrays.equals(bytes, rules.encodeOperation(operation))) {
            throw broken(v, "its operation is not a canonical " + spec.gameType() + " operation");
        }
        return operation;
    }

    private RefusedException broken(long v, String what) {
        return new RefusedException(RefusalReason.JOURNAL_BROKEN,
                "the journal of game '" + spec.gameId() + "' is broken at version " + v + ": " + what);
    }
}
