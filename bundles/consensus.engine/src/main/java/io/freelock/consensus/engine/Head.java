package io.freelock.consensus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.freelock.consensus.Commit;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;

/**
 * What an engine's single atomic reference points to: the current snapshot, the rules it is played with and, if a
 * commit installed it, that commit. Heads also link back to the head they replaced, so that the commits not yet
 * handed to listeners form a chain from the current head; the delivering thread cuts the chain behind what it
 * delivered (see {@link History}), so it stays short. Everything but that link is final and published by the
 * compare-and-swap that installs the head.
 */
final class Head {

    private static final VarHandle PREVIOUS;

    static {
        try {
            PREVIOUS = MethodHandles.lookup().findVarHandle(Head.class, "previous", Head.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Snapshot<Object> snapshot;
    final RulesBinding binding;
    /** The commit that installed this head; null for the initial head and for a rebind. */
    final Commit<Object, Object> commit;
    /** {@link StateHash#digest} of the state's canonical bytes, which the hash binds (see {@link StateHash}). */
    final byte[] stateDigest;
    /** The signed proposal and votes that committed this head (see {@link Evidence}); empty if applied directly. */
    final byte[] evidence;
    /** The head this one replaced, until the delivering thread cuts it; written through {@link #PREVIOUS}. */
    @SuppressWarnings("unused")
    private Head previous;

    private Head(Snapshot<Object> snapshot, byte[] stateDigest, RulesBinding binding, Commit<Object, Object> commit,
            byte[] evidence, Head previous) {
        this.snapshot = snapshot;
        this.stateDigest = stateDigest;
        this.binding = binding;
        this.commit = commit;
        this.evidence = evidence;
        // plain: the CAS that installs this head publishes it, and with it this field
        this.previous = previous;
    }

    private static final byte[] DIRECT = new byte[0];

    static Head initial(Snapshot<Object> snapshot, byte[] stateDigest, RulesBinding binding) {
        return new Head(snapshot, stateDigest, binding, null, DIRECT, null);
    }

    /** @param evidence the signed proposal and votes; null for an operation the host applied directly */
    static Head committed(Commit<Object, Object> commit, byte[] stateDigest, byte[] evidence, RulesBinding binding,
            Head replaced) {
        return new Head(commit.after(), stateDigest, binding, commit, evidence == null ? DIRECT : evidence, replaced);
    }

    /** @return a head with the same state as {@code replaced} (its hash and digest), played with other rules */
    static Head rebound(Snapshot<Object> snapshot, RulesBinding binding, Head replaced) {
        return new Head(snapshot, replaced.stateDigest, binding, null, DIRECT, replaced);
    }

    long version() {
        return snapshot.version();
    }

    StateHash hash() {
        return snapshot.hash();
    }

    /** @return the head this one replaced, or null once the chain was cut here */
    Head previous() {
        // acquire: pairs with the release in cutBehind, so a reader who finds the chain cut sees the ring entries
        // the deliverer wrote before cutting
        return (Head) PREVIOUS.getAcquire(this);
    }

    /** Drops the link to older heads, which are delivered and retained in the ring, so that they can be collected. */
    void cutBehind() {
        // release: orders the deliverer's ring writes before the cut (see previous())
        PREVIOUS.setRelease(this, (Head) null);
    }
}
