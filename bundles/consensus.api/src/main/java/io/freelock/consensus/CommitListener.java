package io.freelock.consensus;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every commit of one engine, once each, in version order, after the commit is installed (so the engine's
 * current snapshot may already be newer). It is called on a thread that committed an operation, so it should be
 * quick (hand the commit to a queue for slow work); what it throws is counted and otherwise ignored.
 *
 * @param <S> the game's state type
 * @param <O> the game's operation type
 */
@ConsumerType
@FunctionalInterface
public interface CommitListener<S, O> {

    /** @param commit the snapshots before and after, and the operation between them */
    void committed(Commit<S, O> commit);
}
