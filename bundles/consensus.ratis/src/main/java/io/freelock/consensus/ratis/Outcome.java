package io.freelock.consensus.ratis;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;

/**
 * What applying a {@link GameRecord} came to on the server that answered: committed at a version and hash, refused
 * with a reason, or (a proposal) closed without committing. Every server comes to the same outcome for the same
 * entry, and remembers it by request id, so a request sent again is answered with the first outcome and applied
 * once. Immutable.
 */
final class Outcome {

    enum Kind {
        COMMITTED, REFUSED, NOT_COMMITTED, DONE
    }

    final Kind kind;
    final long version;
    final StateHash hash;
    /** A {@link RefusalReason} name, or a {@code ProposalStatus} name for NOT_COMMITTED. */
    final String reason;
    final String message;

    private Outcome(Kind kind, long version, StateHash hash, String reason, String message) {
        this.kind = kind;
        this.version = version;
        this.hash = hash;
        this.reason = reason;
        this.message = message;
    }

    static Outcome committed(Snapshot<?> snapshot) {
        return new Outcome(Kind.COMMITTED, snapshot.version(), snapshot.hash(), "", "");
    }

    static Outcome refused(RefusedException refusal) {
        return new Outcome(Kind.REFUSED, -1, null, refusal.reason().name(), refusal.getMessage());
    }

    static Outcome notCommitted(ProposalState state) {
        return new Outcome(Kind.NOT_COMMITTED, -1, null, state.status().name(), state.toString());
    }

    static Outcome done() {
        return new Outcome(Kind.DONE, -1, null, "", "");
    }

    /** @return the refusal this outcome reports, to throw on the server the request came from */
    RefusedException refusal() {
        RefusalReason why = RefusalReason.valueOf(reason);
        String prefix = why.name() + ": ";
        return new RefusedException(why, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    byte[] encode() {
        CanonicalWriter out = new CanonicalWriter().writeByte(kind.ordinal());
        if (kind == Kind.COMMITTED) {
            out.writeLong(version).writeHash(hash);
        } else if (kind != Kind.DONE) {
            out.writeString(reason).writeString(message);
        }
        return out.toByteArray();
    }

    static Outcome decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        Kind kind = Kind.values()[in.readByte()];
        Outcome outcome;
        if (kind == Kind.COMMITTED) {
            outcome = new Outcome(kind, in.readLong(), in.readHash(), "", "");
        } else if (kind == Kind.DONE) {
            outcome = done();
        } else {
            outcome = new Outcome(kind, -1, null, in.readString(256), in.readString(1 << 16));
        }
        in.expectEnd();
        return outcome;
    }

    @Override
    public String toString() {
        return kind == Kind.COMMITTED ? "committed v" + version + " " + hash.shortHex()
                : kind == Kind.DONE ? "done" : kind + " " + reason + " " + message;
    }
}
