package io.freelock.consensus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * A game's rules. A game bundle registers them as an OSGi service with the property {@value #GAME_TYPE} (a DS
 * component says {@code @StateMachine.GameType("craps")}); an engine opened for that game type binds the
 * highest-ranked such service, and rebinds while the game bundle is stopped, started or updated.
 *
 * <p>The rules must be <b>pure and deterministic</b>: the same state and operation give an equal result on every
 * node and every run, with no clock, randomness, I/O or mutable state of their own (randomness, such as dice, comes
 * in through operations). States and operations must be immutable. The canonical encodings are what the engine
 * hashes, signs and journals: equal values must encode to equal bytes, and decoding must give back a value that
 * encodes to the same bytes. An implementation may be called from many threads at once and, during a rebind,
 * briefly after its component is deactivated.
 *
 * @param <S> the state type
 * @param <O> the operation type
 */
@ConsumerType
public interface StateMachine<S, O> {

    /** The service property naming the game type these rules play, e.g. {@code craps}. */
    String GAME_TYPE = "game.type";

    /**
     * @param spec the game being opened: its id, participants (in seat order) and options
     * @return the state the game starts in
     * @throws RefusedException {@link RefusalReason#INVALID_GAME_SPEC} if the spec does not suit the game
     */
    S initialState(GameSpec spec);

    /**
     * @return the state after {@code operation}; {@code state} itself is not changed
     * @throws RefusedException if the operation is not allowed in {@code state}; the reason says which rule
     */
    S apply(S state, O operation);

    /** @return the canonical bytes of {@code state} */
    byte[] encodeState(S state);

    /**
     * @return the state {@link #encodeState} encoded as {@code bytes}
     * @throws IllegalArgumentException if the bytes are not a canonical state encoding
     */
    S decodeState(byte[] bytes);

    /** @return the canonical bytes of {@code operation} */
    byte[] encodeOperation(O operation);

    /**
     * @return the operation {@link #encodeOperation} encoded as {@code bytes}, as a journal replays it
     * @throws RefusedException {@link RefusalReason#MALFORMED_OPERATION} if the bytes are not an operation
     */
    O decodeOperation(byte[] bytes);

    /**
     * @return the operation a person wrote, for shells and demos; e.g. {@code bet alice PASS_LINE 10}
     * @throws RefusedException {@link RefusalReason#MALFORMED_OPERATION} if the text is not an operation
     */
    default O parseOperation(String text) {
        throw new RefusedException(RefusalReason.MALFORMED_OPERATION, "these rules have no text form of operations");
    }

    /**
     * @return the participant the operation acts for (a player betting), which is the only participant allowed to
     *         propose it; empty if any participant may propose it
     */
    default Optional<String> actor(O operation) {
        return Optional.empty();
    }

    /**
     * @return the version of these rules, bound into the genesis hash of every game opened with them (see
     *         {@link StateHash}). Rules that change what any operation does should change it. An engine binds rules
     *         of another version to a game in play only if they reproduce its state (see the engine's documentation).
     */
    default String rulesVersion() {
        return "1";
    }

    /** @return the state for a person to read */
    default String describeState(S state) {
        return String.valueOf(state);
    }

    /** @return the operation for a person to read */
    default String describeOperation(O operation) {
        return String.valueOf(operation);
    }

    /**
     * Sets the service property {@value StateMachine#GAME_TYPE} of a DS component:
     * {@code @StateMachine.GameType("craps")}.
     */
    @ComponentPropertyType
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface GameType {
        /** @return the game type; the property name {@code game.type} comes from this annotation's name */
        String value();
    }
}
