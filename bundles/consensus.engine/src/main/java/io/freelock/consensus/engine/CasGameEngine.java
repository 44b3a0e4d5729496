package io.freelock.consensus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import io.freelock.consensus.Commit;
import io.freelock.consensus.CommitListener;
import io.freelock.consensus.EngineStats;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.NotDurableException;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Registration;
import io.freelock.consensus.RulesUnavailableException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.StateMachine;
import io.freelock.consensus.TransitionCheck;
import io.freelock.consensus.TransitionValidator;
import io.freelock.consensus.Vote;

/**
 * A game engine whose whole state is one {@link Head} behind one reference, changed only by compare-and-swap.
 *
 * <p>An operation reads the head, runs the rules and the validators on its state, and builds the next head with
 * version {@code read.version + 1} and hash {@code SHA-256(read.hash || canonical operation)}, both computed from
 * the head it read and from nothing shared; it then swaps its head in if the reference still holds the one it
 * read. A lost swap means another operation committed, so the loser computes again from the new head after a
 * backoff; no version is spent on a lost attempt. Rebinding the rules is a swap on the same reference, so no
 * operation commits with rules that have left. See {@link History} for how commits reach listeners in order and
 * {@link ProposalDesk} for the proposals.
 *
 * <p>There is no ABA problem to guard against: every head is a new object, and the garbage collector does not
 * reuse an object's address while any thread still holds a reference to it, so a swap that expects the head it read
 * succeeds only if no other head was installed since (unlike a C++ pointer, which may come back recycled).
 *
 * <p>The engine is untyped inside (its rules are whatever {@link StateMachine} service is bound); the factory
 * hands it out as {@code GameEngine<?, ?>}.
 */
final class CasGameEngine implements GameEngine<Object, Object> {

    private static final VarHandle HEAD;
    /** What a refusal that is not counted (a re-execution for validation, an encoding for a caller) runs. */
    private static final Runnable NOT_COUNTED = () -> { };

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(CasGameEngine.class, "head", Head.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final GameSpec spec;
    private final EngineSettings settings;
    private final Backoff backoff;
    private final EngineCounters counters = new EngineCounters();
    /** What a counted refusal runs; one object for the engine, not a method reference made per operation. */
    private final Runnable countRefused = counters.refused::increment;
    private final CopyOnWriteRegistry<TransitionValidator<Object, Object>> validators = new CopyOnWriteRegistry<>();
    private final History history;
    /** Proposals and votes: submit, vote, decide, expire; commits through {@link DeskCore}. */
    private final ProposalDesk desk;
    private final Supplier<Head> currentHead = this::head;
    /** Writes commits to the game's journal; null for a game in memory only. */
    private final JournalWriter journal;
    /** The current head; read and swapped only through {@link #HEAD}. */
    @SuppressWarnings("unused")
    private Head head;
    /** Decides what a rebind installs: arriving rules must reproduce the game (see {@link RulesBinder}). */
    private final RulesBinder binder;
    /** Volatile: a close is seen by every later operation on any thread; an operation already past the check may finish. */
    private volatile boolean closed;

    /**
     * @param spec the game, naming its instance
     * @param initial the game's first head: the initial state (version 0, the genesis hash) or the state recovered
     *        from its journal, played with the rules it was opened with
     * @param journal the writer of the game's journal, not yet started; null for a game in memory only
     */
    CasGameEngine(GameSpec spec, EngineSettings settings, Head initial, JournalWriter journal) {
        this.spec = spec;
        this.binder = new RulesBinder(spec, initial.binding.rules());
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffBaseNanos(), settings.backoffMaxNanos());
        this.journal = journal;
        this.history = new History(spec.gameId(), initial, settings.retainedSnapshots(), settings.listenerBacklog(),
                journal == null ? null : journal::handOver, this::settleProposals);
        this.desk = new ProposalDesk(spec, settings, counters, new DeskCore());
        // plain: the engine is published to other threads through the factory's concurrent map
        this.head = initial;
    }

    /** Opens a game in memory only, at its initial state (see {@link RulesBinder#genesis}); the spec names its instance. */
    static CasGameEngine open(GameSpec spec, EngineSettings settings, StateMachine<Object, Object> rules) {
        return new CasGameEngine(spec, settings, RulesBinder.genesis(spec, rules, rules.rulesVersion()), null);
    }

    private Head head() {
        // acquire: pairs with the CAS that installed the head, so the snapshot and state it points to are seen whole
        return (Head) HEAD.getAcquire(this);
    }

    private boolean install(Head expected, Head next) {
        // volatile CAS: the one point where an operation commits; it succeeds only if no other head came in between
        return HEAD.compareAndSet(this, expected, next);
    }

    // ---- identity and reads ----

    @Override
    public GameSpec spec() {
        return spec;
    }

    /** @return what the engine remembers behind its head and hands to listeners; for tests */
    History history() {
        return history;
    }

    /** @return installed heads not yet handed to the journal and the listeners; for tests */
    int undelivered() {
        return history.undelivered(head());
    }

    @Override
    public Snapshot<Object> current() {
        return head().snapshot;
    }

    @Override
    public boolean rulesAvailable() {
        return head().binding.isPresent();
    }

    @Override
    public EngineStats stats() {
        long version = head().version();
        // The durable mark is read after the version, so the lag is never negative but may be an operation high.
        OptionalLong lag = journal == null ? OptionalLong.empty() : OptionalLong.of(Math.max(0, version - journal.durable()));
        return counters.snapshot(spec.gameId(), version, desk.openCount(), history.listenerFailures(),
                history.listenersDetached(), lag);
    }

    boolean isClosed() {
        return closed;
    }

    /** @return the writer of the game's journal; null for a game in memory only */
    JournalWriter journal() {
        return journal;
    }

    /** Starts journaling, if the game has a journal; called once the engine is published. */
    void start() {
        if (journal != null) {
            journal.start();
        }
    }

    /** Refuses everything from now on, and stops the journal writer once it has written what it was handed. */
    void close() {
        closed = true;
        history.close();
        if (journal != null) {
            journal.close();
        }
    }

    /** Refuses new work that the journal cannot take now (see {@link JournalWriter#admit}). */
    private void admit(Head read) {
        if (journal != null) {
            journal.admit(read.version());
        }
    }

    /**
     * Returns once {@code installed} is as durable as the settings ask: at once, or in synchronous durability once
     * the journal holds it.
     *
     * @throws NotDurableException if the journal did not confirm it
     */
    private void acknowledge(Snapshot<Object> installed) {
        if (journal != null && settings.durability() == Durability.SYNC) {
            journal.awaitDurable(installed);
        }
    }

    // ---- apply ----

    @Override
    public Snapshot<Object> apply(Object operation) {
        return attempt(operation, Long.MAX_VALUE).orElseThrow(); // unbounded attempts never give up
    }

    @Override
    public Optional<Snapshot<Object>> tryApply(Object operation, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts " + maxAttempts + " must be at least 1");
        }
        return attempt(operation, maxAttempts);
    }

    private Optional<Snapshot<Object>> attempt(Object operation, long maxAttempts) {
        Objects.requireNonNull(operation, "operation");
        if (!spec.directApplies()) {
            counters.refused.increment();
            throw new RefusedException(RefusalReason.DIRECT_APPLY_REFUSED, "game '" + spec.gameId()
                    + "' takes only operations its participants propose and vote for, not ones applied directly");
        }
        long start = EngineCounters.startTiming();
        int lost = 0;
        for (;;) {
            Head read = head();
            admit(read);
            Head next = transition(read, operation, null, true);
            if (install(read, next)) {
                counters.committed(lost, start);
                history.deliver(currentHead); // hands the commit to the journal writer, among others
                acknowledge(next.snapshot);
                return Optional.of(next.snapshot);
            }
            counters.casFailed.increment();
            lost++;
            if (lost >= maxAttempts) {
                counters.gaveUp(lost);
                return Optional.empty();
            }
            backoff.pause(lost);
        }
    }

    /**
     * @param evidence the signed proposal and votes it commits with; null for an operation applied directly
     * @return the head that applying {@code operation} to {@code read} gives, not yet installed
     * @throws RefusedException if the engine is closed, the rules are absent, or the rules or a validator refuse
     */
    private Head transition(Head read, Object operation, byte[] evidence, boolean countRefusal) {
        StateMachine<Object, Object> rules = rulesOf(read);
        byte[] encoded = encode(rules, operation);
        Runnable counted = countRefusal ? countRefused : NOT_COUNTED;
        Object next = nextState(read, rules, operation, countRefusal, counted);
        byte[] digest = StateHash.digest(encodeState(rules, next, counted));
        Snapshot<Object> after = new Snapshot<>(next, read.version() + 1, read.hash().next(encoded, digest));
        return Head.committed(new Commit<>(read.snapshot, after, operation, encoded), digest, evidence, read.binding,
                read);
    }

    /** @return the state the rules give for {@code operation} on {@code read}, which the validators accepted */
    private Object nextState(Head read, StateMachine<Object, Object> rules, Object operation, boolean countRefusal,
            Runnable counted) {
        Object next = Refusals.refuseFailures(RefusalReason.RULES_FAILED, e -> "the rules of game '" + spec.gameId()
                + "' failed on " + describe(rules, operation) + ": " + e, counted,
                () -> rules.apply(read.snapshot.state(), operation));
        if (next == null) {
            countRefusal(countRefusal);
            throw new RefusedException(RefusalReason.RULES_FAILED,
                    "the rules of game '" + spec.gameId() + "' returned no state");
        }
        checkValidators(read.snapshot, operation, next, countRefusal);
        return next;
    }

    /**
     * A proposal's dry run: refuses, counted, what {@link #transition} would refuse for an operation the desk decoded
     * (so its encoding is known to work), but neither hashes nor builds a head, which the commit does again anyway.
     */
    private void check(Head read, Object operation) {
        StateMachine<Object, Object> rules = rulesOf(read);
        encodeState(rules, nextState(read, rules, operation, true, countRefused), countRefused);
    }

    /** @return the state's canonical bytes, which the next hash binds */
    private byte[] encodeState(StateMachine<Object, Object> rules, Object state, Runnable onRefusal) {
        return Refusals.refuseFailures(RefusalReason.RULES_FAILED, e -> "the rules of game '" + spec.gameId()
                + "' cannot encode the state: " + e, onRefusal, () -> rules.encodeState(state));
    }

    /** Counts a refused operation, unless it was only re-executed to validate a transition. */
    private void countRefusal(boolean count) {
        if (count) {
            counters.refused.increment();
        }
    }

    private void checkValidators(Snapshot<Object> from, Object operation, Object to, boolean countRefusal) {
        validators.forEach(validator -> {
            Optional<String> refusal = validator.check(from, operation, to);
            if (refusal.isPresent()) {
                countRefusal(countRefusal);
                throw new RefusedException(RefusalReason.VALIDATOR_REFUSED, refusal.get());
            }
        });
    }

    private StateMachine<Object, Object> rulesOf(Head read) {
        if (closed) {
            throw new RefusedException(RefusalReason.ENGINE_CLOSED, "game '" + spec.gameId() + "' is closed");
        }
        StateMachine<Object, Object> rules = read.binding.rules();
        if (rules == null) {
            throw new RulesUnavailableException(spec.gameId(), spec.gameType(), read.binding.why());
        }
        return rules;
    }

    private byte[] encode(StateMachine<Object, Object> rules, Object operation) {
        return Refusals.refuseFailures(RefusalReason.MALFORMED_OPERATION, e -> "game '" + spec.gameId()
                + "' cannot encode " + operation.getClass().getName() + " as a " + spec.gameType() + " operation: " + e,
                () -> rules.encodeOperation(operation));
    }

    private Object decode(StateMachine<Object, Object> rules, byte[] bytes) {
        Object operation = Refusals.refuseFailures(RefusalReason.MALFORMED_OPERATION,
                e -> "the bytes are not a " + spec.gameType() + " operation: " + e.getMessage(),
                () -> rules.decodeOperation(bytes));
        if (operation == null || !Arrays.equals(bytes, encode(rules, operation))) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION,
                    "the bytes are not the canonical encoding of a " + spec.gameType() + " operation");
        }
        return operation;
    }

    static String describe(StateMachine<Object, Object> rules, Object operation) {
        try {
            return rules.describeOperation(operation);
        } catch (RuntimeException e) {
            return String.valueOf(operation);
        }
    }

    // ---- rules binding ----

    /**
     * Makes the engine play the rules {@code wanted} names, and keeps at it until what it installed is still what
     * {@code wanted} says, so that concurrent rebinds for a departing and an arriving service end in the latest.
     * While rules leave, the state is encoded by them into the absent binding; when rules arrive, they decode it,
     * and must encode it back to the same bytes, or they are refused (the engine stays without rules).
     */
    void rebind(Supplier<StateMachine<Object, Object>> wanted) {
        for (;;) {
            StateMachine<Object, Object> want = wanted.get();
            Head read = head();
            if (read.binding.reflects(want)) {
                if (wanted.get() == want) {
                    return;
                }
                continue; // the catalog moved while we looked: look again
            }
            if (install(read, binder.rebound(read, want))) {
                history.deliver(currentHead); // records the rebound head in the ring
            }
        }
    }

    // ---- proposals and votes: the desk ----

    @Override
    public ProposalState submit(Proposal proposal) {
        return desk.submit(proposal);
    }

    @Override
    public ProposalState vote(Vote vote) {
        return desk.vote(vote);
    }

    @Override
    public int expireDue() {
        return desk.expireDue();
    }

    @Override
    public Optional<ProposalState> proposal(ProposalId id) {
        return desk.proposal(id);
    }

    @Override
    public List<ProposalState> proposals() {
        return desk.proposals();
    }

    /** The delivering path's hook, after heads were recorded: proposals on a state that moved are closed stale. */
    private void settleProposals() {
        desk.settleAll();
    }

    /** The engine's core as the desk sees it: the same head reference, rules, journal and history. */
    private final class DeskCore implements ProposalDesk.Core {
        @Override
        public Head head() {
            return CasGameEngine.this.head();
        }

        @Override
        public Head latestHead() {
            // volatile, not acquire: the desk reads it after its own volatile write (see ProposalDesk#settle)
            return (Head) HEAD.getVolatile(CasGameEngine.this);
        }

        @Override
        public Head find(Head current, StateHash hash) {
            return history.find(current, hash);
        }

        @Override
        public StateMachine<Object, Object> rulesOf(Head read) {
            return CasGameEngine.this.rulesOf(read);
        }

        @Override
        public Object decode(StateMachine<Object, Object> rules, byte[] bytes) {
            return CasGameEngine.this.decode(rules, bytes);
        }

        @Override
        public Head transition(Head read, Object operation, byte[] evidence) {
            return CasGameEngine.this.transition(read, operation, evidence, true);
        }

        @Override
        public void check(Head read, Object operation) {
            CasGameEngine.this.check(read, operation);
        }

        @Override
        public void admit(Head read) {
            CasGameEngine.this.admit(read);
        }

        @Override
        public boolean install(Head read, Head next) {
            return CasGameEngine.this.install(read, next);
        }

        @Override
        public void delivered() {
            history.deliver(currentHead);
        }

        @Override
        public void acknowledge(Snapshot<Object> installed) {
            CasGameEngine.this.acknowledge(installed);
        }
    }

    // ---- validation ----

    @Override
    public TransitionCheck validateTransition(StateHash from, Object operation, StateHash to) {
        Objects.requireNonNull(from, "from hash");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(to, "to hash");
        Head current = head();
        rulesOf(current);
        Head start = history.find(current, from);
        if (start == null) {
            throw new RefusedException(RefusalReason.UNKNOWN_STATE_HASH, "game '" + spec.gameId()
                    + "' holds no state with hash " + from.shortHex() + " (it keeps the current one and about "
                    + settings.retainedSnapshots() + " before it)");
        }
        Head replayed;
        try {
            replayed = transition(start, operation, null, false);
        } catch (RefusedException refused) {
            return new TransitionCheck(TransitionCheck.Verdict.REFUSED, null, false, refused.getMessage());
        }
        StateHash recomputed = replayed.hash();
        if (!recomputed.equals(to)) {
            return new TransitionCheck(TransitionCheck.Verdict.HASH_MISMATCH, recomputed, false,
                    "re-execution gives " + recomputed.shortHex() + ", not " + to.shortHex());
        }
        Head target = history.find(head(), to);
        if (target == null) {
            return new TransitionCheck(TransitionCheck.Verdict.VALID, recomputed, false, "");
        }
        StateMachine<Object, Object> rules = start.binding.rules();
        byte[] held = rules.encodeState(target.snapshot.state());
        byte[] again = rules.encodeState(replayed.snapshot.state());
        if (!Arrays.equals(held, again) || target.version() != replayed.version()) {
            return new TransitionCheck(TransitionCheck.Verdict.STATE_MISMATCH, recomputed, true,
                    "the state held at version " + target.version() + " differs from the re-executed one");
        }
        return new TransitionCheck(TransitionCheck.Verdict.VALID, recomputed, true, "");
    }

    // ---- listeners, validators, encodings ----

    @Override
    public Registration addValidator(TransitionValidator<Object, Object> validator) {
        return validators.add(Objects.requireNonNull(validator, "validator"));
    }

    @Override
    public Registration addListener(CommitListener<Object, Object> listener) {
        return history.addListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public byte[] encodeOperation(Object operation) {
        return encode(rulesOf(head()), Objects.requireNonNull(operation, "operation"));
    }

    @Override
    public byte[] encodeState(Object state) {
        return encodeState(rulesOf(head()), Objects.requireNonNull(state, "state"), NOT_COUNTED);
    }

    @Override
    public Object decodeOperation(byte[] bytes) {
        return decode(rulesOf(head()), Objects.requireNonNull(bytes, "bytes"));
    }

    @Override
    public Object parseOperation(String text) {
        StateMachine<Object, Object> rules = rulesOf(head());
        return Refusals.refuseFailures(RefusalReason.MALFORMED_OPERATION, e -> "'" + text + "': " + e.getMessage(),
                () -> Objects.requireNonNull(rules.parseOperation(Objects.requireNonNull(text, "text")), "parsed"));
    }

    @Override
    public String describeState(Object state) {
        return rulesOf(head()).describeState(state);
    }

    @Override
    public String describeOperation(Object operation) {
        return describe(rulesOf(head()), operation);
    }

    @Override
    public String toString() {
        return "game " + spec.gameId() + " (" + spec.gameType() + ") at " + current();
    }
}
