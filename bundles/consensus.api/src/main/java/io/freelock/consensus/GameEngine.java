package io.freelock.consensus;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One game's agreed state, changed without locks. The current {@link Snapshot} is read with one atomic load;
 * {@link #apply} runs the rules on it and installs the result by compare-and-swap, retrying with backoff when
 * another thread committed first, so the version goes up by exactly one per committed operation and the hash
 * chains as {@link StateHash} describes. Participants change the state by signed {@link Proposal}s and
 * {@link Vote}s: a proposal commits when two thirds of the participants (rounded up) are for it and the state it
 * was proposed against is still current; it is stale if that state was superseded, rejected when more than a third
 * are against, and expires after the engine's proposal timeout.
 *
 * <p><b>Durability.</b> An engine opened with a journal acknowledges an operation (returns from {@link #apply}, or
 * reports a proposal committed) as its durability setting says: in synchronous durability only once the journal
 * has committed it, in asynchronous durability at once, with the journal behind by a bounded number of operations.
 * While the journal cannot take operations, they are refused with {@link RefusalReason#JOURNAL_UNAVAILABLE}. An
 * operation that was installed but that the journal did not confirm in time throws {@link NotDurableException}:
 * it is not acknowledged, though it stays in the state and is journaled when the journal is back.
 *
 * <p>While the game's rules are not registered, {@link #current()}, {@link #stats()} and {@link #proposals()} still
 * answer; everything that runs the rules throws {@link RulesUnavailableException}. Every method may be called from
 * any thread. Every refusal leaves the state as it was.
 *
 * @param <S> the game's state type
 * @param <O> the game's operation type
 */
@ProviderType
public interface GameEngine<S, O> {

    /**
     * @return the spec the game was opened with, naming its instance ({@link GameSpec#instance()}: chosen by the
     *         engine, or recovered from the game's journal) and whether it accepts direct applies
     */
    GameSpec spec();

    /** @return the game's id, as its {@link #spec()} names it */
    default String gameId() {
        return spec().gameId();
    }

    /** @return the {@value StateMachine#GAME_TYPE} of the game's rules, as its {@link #spec()} names it */
    default String gameType() {
        return spec().gameType();
    }

    /** @return the game's participants, in the order of its {@link #spec()} */
    default List<Participant> participants() {
        return spec().participants();
    }

    /** @return the current snapshot: one atomic read, no lock, no copy */
    Snapshot<S> current();

    /** @return whether the game's rules are registered now */
    boolean rulesAvailable();

    /**
     * Applies {@code operation} to the current state, retrying (with exponential backoff and jitter) until it
     * commits or is refused. Lock-free: a retry happens only because another operation committed.
     *
     * @return the snapshot it produced
     * @throws RefusedException if the rules or a validator refuse it, or the engine cannot run it now
     * @throws NotDurableException if it was installed but the journal did not confirm it in time
     */
    Snapshot<S> apply(O operation);

    /**
     * Like {@link #apply}, but gives up after {@code maxAttempts} compare-and-swaps lost to other threads.
     *
     * @param maxAttempts 1 or more
     * @return the snapshot it produced; empty if it gave up
     * @throws RefusedException if the rules or a validator refuse it, or the engine cannot run it now
     * @throws NotDurableException if it was installed but the journal did not confirm it in time
     */
    Optional<Snapshot<S>> tryApply(O operation, int maxAttempts);

    /**
     * Opens a proposal. The signature, the proposer, the hash (which must be current) and the operation (which must
     * be canonical, the proposer's own if the rules name an actor, and allowed in the current state) are checked
     * first; the proposal counts as the proposer's vote for it, so in a game of one or two participants it may
     * commit at once.
     *
     * @return the proposal's state after submission
     * @throws RefusedException naming the first check that failed
     * @throws NotDurableException if the proposal committed at once but the journal did not confirm it in time
     */
    ProposalState submit(Proposal proposal);

    /**
     * Counts a signed vote; the vote that reaches a threshold decides the proposal, and if it commits, the
     * operation is installed before this method returns.
     *
     * @return the proposal's state after the vote
     * @throws RefusedException naming the first check that failed
     * @throws NotDurableException if the vote committed the proposal but the journal did not confirm it in time
     */
    ProposalState vote(Vote vote);

    /** @return the state of an open or recently closed proposal */
    Optional<ProposalState> proposal(ProposalId id);

    /** @return the open proposals, soonest deadline first */
    List<ProposalState> proposals();

    /**
     * Expires every open proposal whose deadline has passed on the engine's clock (an engine factory also does
     * this periodically).
     *
     * @return how many it expired
     */
    int expireDue();

    /**
     * Re-executes {@code operation} from the state with hash {@code from} (the current one or one of the recent
     * ones the engine retains) and compares the result with {@code to}: the hash, and the state itself when the
     * engine holds the state with hash {@code to}.
     *
     * @throws RefusedException {@link RefusalReason#UNKNOWN_STATE_HASH} if no state with hash {@code from} is held
     */
    TransitionCheck validateTransition(StateHash from, O operation, StateHash to);

    /** @return a registration that removes the validator again */
    Registration addValidator(TransitionValidator<S, O> validator);

    /** @return a registration that removes the listener again */
    Registration addListener(CommitListener<S, O> listener);

    /** @return the engine's counts and timings now */
    EngineStats stats();

    /** @return the canonical bytes of {@code operation}, by the game's rules */
    byte[] encodeOperation(O operation);

    /**
     * @return the canonical bytes of {@code state}, by the game's rules: with {@link StateHash#digest} and
     *         {@link StateHash#next}, what anyone checking the hash chain needs
     */
    byte[] encodeState(S state);

    /** @return the operation encoded as {@code bytes}, by the game's rules */
    O decodeOperation(byte[] bytes);

    /** @return the operation a person wrote, by the game's rules */
    O parseOperation(String text);

    /** @return {@code state} for a person to read, by the game's rules */
    String describeState(S state);

    /** @return {@code operation} for a person to read, by the game's rules */
    String describeOperation(O operation);
}
