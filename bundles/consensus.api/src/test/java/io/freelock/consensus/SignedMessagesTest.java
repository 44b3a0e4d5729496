package io.freelock.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

class SignedMessagesTest {

    private final KeyPair alice = Participant.generateKeys();
    private final KeyPair bob = Participant.generateKeys();
    private final Participant aliceParticipant = new Participant("alice", alice.getPublic());
    private final StateHash against = StateHash.of(new byte[StateHash.LENGTH]);

    /** @return a key pair of another algorithm than Ed25519, which a participant must not have */
    private static KeyPair generate(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSignedProposalVerifiesWithItsProposersKeyOnly() {
        Proposal proposal = Proposal.sign("g", "alice", against, new byte[] {1, 2}, alice.getPrivate());
        assertTrue(aliceParticipant.verifies(proposal.signedContent(), proposal.signature()));
        assertFalse(new Participant("bob", bob.getPublic()).verifies(proposal.signedContent(), proposal.signature()));
        assertFalse(aliceParticipant.verifies(proposal.signedContent(), new byte[0]));
        assertFalse(aliceParticipant.verifies(proposal.signedContent(), new byte[64]));
    }

    @Test
    void aProposalIdIsTheSha256OfItsSignedContentAndDiffersWithAnyPart() {
        Proposal proposal = Proposal.sign("g", "alice", against, new byte[] {1, 2}, alice.getPrivate());
        assertArrayEquals(new CanonicalWriter().writeFixed(proposal.signedContent()).sha256(), proposal.id().bytes());
        ProposalId id = proposal.id();
        assertEquals(id, new Proposal("g", "alice", against, new byte[] {1, 2}, null).id(), "the signature is not part");
        assertNotEquals(id, new Proposal("g", "alice", against, new byte[] {1, 3}, null).id());
        assertNotEquals(id, new Proposal("h", "alice", against, new byte[] {1, 2}, null).id());
        assertNotEquals(id, new Proposal("g", "bob", against, new byte[] {1, 2}, null).id());
        assertNotEquals(id, new Proposal("g", "alice", against.next(new byte[0], StateHash.digest(new byte[0])), new byte[] {1, 2}, null).id());
    }

    @Test
    void aVoteSignsItsSideSoItCannotBeFlipped() {
        ProposalId id = ProposalId.of(new byte[32]);
        Vote vote = Vote.sign("g", id, "alice", false, alice.getPrivate());
        assertTrue(aliceParticipant.verifies(vote.signedContent(), vote.signature()));
        Vote flipped = new Vote("g", id, "alice", true, vote.signature());
        assertFalse(aliceParticipant.verifies(flipped.signedContent(), flipped.signature()));
        assertFalse(new Vote("g", id, "alice", true, null).isSigned());
    }

    @Test
    void signingWithAKeyThatIsNotEd25519IsRefused() {
        KeyPair ec = generate("EC");
        assertThrows(IllegalArgumentException.class,
                () -> Proposal.sign("g", "alice", against, new byte[0], ec.getPrivate()));
    }

    @Test
    void aParticipantNeedsAnEd25519KeyAndAPlainId() {
        RefusedException refused = assertThrows(RefusedException.class,
                () -> new Participant("carol", generate("EC").getPublic()));
        assertEquals(RefusalReason.INVALID_GAME_SPEC, refused.reason());
        assertTrue(refused.getMessage().contains("carol"), refused.getMessage());
        assertThrows(RefusedException.class, () -> new Participant("with space", alice.getPublic()));
        assertThrows(RefusedException.class, () -> new Participant("", alice.getPublic()));
    }

    @Test
    void aGameSpecNeedsParticipantsWithDistinctIdsAndSortsItsOptions() {
        assertEquals(RefusalReason.INVALID_GAME_SPEC, assertThrows(RefusedException.class,
                () -> new GameSpec("g", "craps", List.of())).reason());
        Participant again = new Participant("alice", bob.getPublic());
        RefusedException twice = assertThrows(RefusedException.class,
                () -> new GameSpec("g", "craps", List.of(aliceParticipant, again)));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        GameSpec spec = new GameSpec("g", "craps", List.of(aliceParticipant), Map.of("z", "1", "a", "2"));
        assertEquals(List.of("a", "z"), List.copyOf(spec.options().keySet()));
        assertEquals(List.of("alice"), spec.participantIds());
    }

    @Test
    void aThreadsReusedVerifierJudgesEachSignatureOnItsOwnWhateverCameBefore() {
        Participant bobParticipant = new Participant("bob", bob.getPublic());
        Proposal byAlice = Proposal.sign("g", "alice", against, new byte[] {1}, alice.getPrivate());
        Proposal byBob = Proposal.sign("g", "bob", against, new byte[] {1}, bob.getPrivate());
        byte[] truncated = Arrays.copyOf(byAlice.signature(), 10);
        for (int round = 0; round < 3; round++) { // the same thread, so the same verifier, every time
            assertTrue(aliceParticipant.verifies(byAlice.signedContent(), byAlice.signature()));
            assertFalse(aliceParticipant.verifies(byAlice.signedContent(), truncated), "malformed");
            assertTrue(aliceParticipant.verifies(byAlice.signedContent(), byAlice.signature()), "after a malformed one");
            assertFalse(aliceParticipant.verifies(byBob.signedContent(), byBob.signature()), "bob's, checked as alice's");
            assertTrue(bobParticipant.verifies(byBob.signedContent(), byBob.signature()), "after another key");
            assertFalse(bobParticipant.verifies(byAlice.signedContent(), byBob.signature()), "bob's over other bytes");
        }
    }

    @Test
    void threadsVerifyingAtOnceEachGetTheRightAnswer() throws Exception {
        Participant bobParticipant = new Participant("bob", bob.getPublic());
        Proposal byAlice = Proposal.sign("g", "alice", against, new byte[] {1}, alice.getPrivate());
        Proposal byBob = Proposal.sign("g", "bob", against, new byte[] {2}, bob.getPrivate());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                wrong.add(threads.submit(() -> {
                    int mistakes = 0;
                    for (int i = 0; i < 50; i++) {
                        boolean alicesTurn = ThreadLocalRandom.current().nextBoolean();
                        Proposal signed = alicesTurn ? byAlice : byBob;
                        mistakes += aliceParticipant.verifies(signed.signedContent(), signed.signature()) == alicesTurn
                                ? 0 : 1;
                        mistakes += bobParticipant.verifies(signed.signedContent(), signed.signature()) == !alicesTurn
                                ? 0 : 1;
                    }
                    return mistakes;
                }));
            }
            for (Future<Integer> mistakes : wrong) {
                assertEquals(0, mistakes.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aProposalKeepsItsSignedContentAndIdWhateverACallerDoesToTheCopies() throws Exception {
        Proposal proposal = Proposal.sign("g", "alice", against, new byte[] {1, 2}, alice.getPrivate());
        byte[] content = proposal.signedContent();
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(content), proposal.id().bytes());
        content[content.length - 1] ^= 1;
        assertArrayEquals(Proposal.signedContent("g", "alice", against, new byte[] {1, 2}), proposal.signedContent());
        assertTrue(aliceParticipant.verifies(proposal.signedContent(), proposal.signature()));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(proposal.signedContent()), proposal.id().bytes());
        assertEquals(proposal.id(), proposal.id());
    }
}
