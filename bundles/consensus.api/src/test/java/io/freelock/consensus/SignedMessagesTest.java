package io.freelock.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;

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
}
