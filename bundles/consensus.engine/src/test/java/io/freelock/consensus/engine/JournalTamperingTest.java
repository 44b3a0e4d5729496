package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.consensus.testkit.MemoryJournalStore;
import io.freelock.consensus.testkit.Players;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalSnapshot;

/**
 * Someone with write access to the database, but without the players' keys, edits a game's journal; recovery must
 * refuse what they wrote (JOURNAL_BROKEN, naming the game and the version) rather than play it.
 */
class JournalTamperingTest {

    private final MemoryJournalStore store = new MemoryJournalStore();
    private final List<EngineFactory> factories = new ArrayList<>();
    private final Players players = Players.withKeys("alice", "bob", "carol");
    private final CounterGame rules = new CounterGame();

    @AfterEach
    void closeAll() {
        factories.forEach(EngineFactory::deactivate);
    }

    @SuppressWarnings("unchecked")
    private GameEngine<Long, Long> open(boolean directApplies) {
        EngineFactory factory = new EngineFactory(EngineSettings.defaults().withDurability(Durability.SYNC, 1_000)
                .withSnapshotEvery(2).withSyncTimeout(Duration.ofSeconds(10)));
        factory.addRules(new CounterGame(), Map.of("game.type", CounterGame.TYPE));
        factory.setJournalStore(store);
        factories.add(factory);
        return (GameEngine<Long, Long>) factory.open(
                new GameSpec("g", CounterGame.TYPE, players.participants()).withDirectApplies(directApplies));
    }

    /** alice proposes {@code amount}, bob approves: two of three, so it commits. */
    private Snapshot<Long> play(GameEngine<Long, Long> game, long amount) {
        Proposal proposal = Proposal.sign("g", "alice", game.current().hash(), game.encodeOperation(amount),
                players.privateKey("alice"));
        game.submit(proposal);
        assertEquals(ProposalStatus.COMMITTED,
                game.vote(Vote.sign("g", proposal.id(), "bob", true, players.privateKey("bob"))).status());
        return game.current();
    }

    /** Opens g as a game of signed operations only, plays 1, 2, ..., {@code count}, and closes it. */
    private void playSignedThenClose(long count) {
        GameEngine<Long, Long> game = open(false);
        for (long amount = 1; amount <= count; amount++) {
            play(game, amount);
        }
        factories.get(0).close("g");
    }

    private RefusedException reopenRefused(boolean directApplies) {
        RefusedException refused = assertThrows(RefusedException.class, () -> open(directApplies));
        assertEquals(RefusalReason.JOURNAL_BROKEN, refused.reason(), refused.getMessage());
        return refused;
    }

    private static void assertNames(RefusedException refused, long version) {
        assertTrue(refused.getMessage().contains("'g'") && refused.getMessage().contains("version " + version),
                refused.getMessage());
    }

    private static byte[] counter(long value) {
        return new CanonicalWriter().writeLong(value).toByteArray();
    }

    /**
     * Rewrites rows from {@code from} on as a forger would: new operations, with the state digests and hashes the
     * chain then gives, and the rows' evidence kept or dropped.
     */
    private void rewriteFrom(long from, long[] amounts, boolean keepEvidence) {
        List<JournalRecord> rows = store.rows("g");
        StateHash hash = rows.get((int) from - 2).hash();
        long state = rules.decodeState(counter(0)); // recomputed below from the rows before
        for (JournalRecord row : rows.subList(0, (int) from - 1)) {
            state = rules.apply(state, rules.decodeOperation(row.operation()));
        }
        for (int i = 0; i < amounts.length; i++) {
            JournalRecord old = rows.get((int) from - 1 + i);
            state += amounts[i];
            byte[] operation = rules.encodeOperation(amounts[i]);
            byte[] digest = StateHash.digest(counter(state));
            hash = hash.next(operation, digest);
            store.replaceRow("g", new JournalRecord(old.version(), hash, operation, digest,
                    keepEvidence ? old.evidence() : new byte[0]));
        }
    }

    @Test
    void anEditedSnapshotIsRefusedBecauseItIsNotTheStateItsRowNames() {
        GameEngine<Long, Long> game = open(true);
        game.apply(1L);
        game.apply(2L);
        game.apply(3L);
        JournalSnapshot honest = store.latestSnapshot("g").orElseThrow();
        assertEquals(2, honest.version());
        // alice's chips, as it were: the snapshot says a billion, with the hash of the honest version 2
        store.replaceSnapshot("g", new JournalSnapshot(2, honest.hash(), counter(1_000_000_000L)));
        factories.get(0).close("g");

        assertNames(reopenRefused(true), 2);
    }

    @Test
    void aSignedGameRecoversFromItsJournalWithTheSameStateAndHash() {
        GameEngine<Long, Long> game = open(false);
        for (long amount = 1; amount <= 5; amount++) {
            play(game, amount);
        }
        Snapshot<Long> last = game.current();
        store.rows("g").forEach(row -> assertTrue(!row.isDirect(), "every row carries its evidence: " + row));
        factories.get(0).close("g");

        GameEngine<Long, Long> again = open(false);
        assertEquals(last.version(), again.current().version());
        assertEquals(last.hash(), again.current().hash());
        assertEquals(15L, again.current().state());
    }

    @Test
    void aGameThatTakesSignedOperationsOnlyRefusesTheHostsApplyAndChangesNothing() {
        GameEngine<Long, Long> game = open(false);
        Snapshot<Long> before = game.current();
        RefusedException refused = assertThrows(RefusedException.class, () -> game.apply(1L));
        assertEquals(RefusalReason.DIRECT_APPLY_REFUSED, refused.reason());
        assertSame(before, game.current());
        assertEquals(0, store.rows("g").size());
    }

    @Test
    void aHistoryRewrittenWithAnotherOperationUnderTheOldSignaturesIsRefused() {
        playSignedThenClose(4);
        rewriteFrom(2, new long[] {1_000, 3, 4}, true); // the chain checks out; the signatures are of amount 2

        RefusedException refused = reopenRefused(false);
        assertNames(refused, 2);
        assertTrue(refused.getMessage().contains("another operation"), refused.getMessage());
    }

    @Test
    void aHistoryRewrittenAsDirectRowsIsRefusedInAGameThatTakesSignedOperationsOnly() {
        playSignedThenClose(4);
        rewriteFrom(3, new long[] {1_000, 4}, false);

        RefusedException refused = reopenRefused(false);
        assertNames(refused, 3);
        assertTrue(refused.getMessage().contains("signed operations only"), refused.getMessage());
    }

    @Test
    void evidenceSignedByAStrangersKeyIsRefused() {
        playSignedThenClose(2);
        JournalRecord second = store.rows("g").get(1);
        KeyPair mallory = Participant.generateKeys();
        Proposal forged = Proposal.sign("g", "alice", store.rows("g").get(0).hash(), second.operation(),
                mallory.getPrivate());
        Vote forgedVote = Vote.sign("g", forged.id(), "bob", true, mallory.getPrivate());
        store.replaceRow("g", new JournalRecord(2, second.hash(), second.operation(), second.stateDigest(),
                Evidence.of(forged, List.of(forgedVote))));

        RefusedException refused = reopenRefused(false);
        assertNames(refused, 2);
        assertTrue(refused.getMessage().contains("valid signature"), refused.getMessage());
    }

    @Test
    void aSnapshotAndLastRowRewrittenTogetherAreCaughtByReplayingFromAVouchedSnapshot() {
        playSignedThenClose(4);
        // the forger edits the newest snapshot (v4) and rewrites row 4's digest and hash to match it; row 4's
        // signatures are over the hash of v3 and the operation, which did not change, so they still verify
        JournalRecord fourth = store.rows("g").get(3);
        byte[] forgedState = counter(1_000_000);
        byte[] digest = StateHash.digest(forgedState);
        StateHash hash = store.rows("g").get(2).hash().next(fourth.operation(), digest);
        store.replaceRow("g", new JournalRecord(4, hash, fourth.operation(), digest, fourth.evidence()));
        store.replaceSnapshot("g", new JournalSnapshot(4, hash, forgedState));

        RefusedException refused = reopenRefused(false);
        assertNames(refused, 4);
        assertTrue(refused.getMessage().contains("another state"), refused.getMessage());
    }
}
