package io.freelock.consensus;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every commit of one engine, once each, in version order, after the commit is installed (so the engine's
 * current snapshot may already be newer). It is called on a delivery thread of its own, never on a thread that
 * committed, so a slow listener slows nobody else; but the engine hands it commits through a bounded backlog, and
 * a listener that falls that far behind is detached (logged, and counted in {@link EngineStats#listenersDetached()})
 * and gets no more commits. What it throws is counted and otherwise ignored.
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
