package io.freelock.consensus;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check an engine runs on every new state before installing it, beside the game's own rules: a house limit, an
 * anti-cheat rule. It must be fast, side-effect free and deterministic, because a contended operation may be
 * checked several times and only one of them commits.
 *
 * @param <S> the game's state type
 * @param <O> the game's operation type
 */
@ConsumerType
@FunctionalInterface
public interface TransitionValidator<S, O> {

    /**
     * @return empty to accept the transition; a reason to refuse it, which the engine reports as
     *         {@link RefusalReason#VALIDATOR_REFUSED}
     */
    Optional<String> check(Snapshot<S> from, O operation, S to);
}
