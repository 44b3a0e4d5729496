package io.freelock.consensus.ratis;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;

/**
 * One entry of the replicated log: what every server applies, in log order, to its copy of a game. In
 * {@link CanonicalWriter} form: a kind byte, a 16-byte request id (which a server applies once, however often the
 * entry was sent), the game id, then by kind:
 * <ul>
 * <li>{@code OPEN}: the game's spec (participants with their X.509-encoded Ed25519 keys, options, instance, whether
 * it takes direct applies);</li>
 * <li>{@code APPLY}: an operation the host applied directly, in the rules' canonical bytes;</li>
 * <li>{@code PROPOSAL}: a signed proposal with the signed votes for it that reached the quorum, so that every server
 * checks the signatures and the quorum itself;</li>
 * <li>{@code CHECK}: a server's claim of the game's hash at a version, by which a server that diverged finds out;</li>
 * <li>{@code CLOSE}: the game closes on every server.</li>
 * </ul>
 * Immutable.
 */
final class GameRecord {

    enum Kind {
        OPEN, APPLY, PROPOSAL, CHECK, CLOSE
    }

    static final int REQUEST_ID_BYTES = 16;
    private static final String DOMAIN = "freelock/raft-record/v1";
    private static final int MAX_TEXT = 1 << 16;
    private static final int MAX_BYTES = 1 << 24;
    private static final int MAX_LIST = 1 << 12;
    private static final SecureRandom REQUEST_IDS = new SecureRandom();

    final Kind kind;
    final byte[] requestId;
    final String gameId;
    final GameSpec spec;
    final byte[] operation;
    final Proposal proposal;
    final List<Vote> votes;
    final String serverId;
    final long version;
    final StateHash hash;

    private GameRecord(Kind kind, byte[] requestId, String gameId, GameSpec spec, byte[] operation, Proposal proposal,
            List<Vote> votes, String serverId, long version, StateHash hash) {
        this.kind = kind;
        this.requestId = requestId;
        this.gameId = gameId;
        this.spec = spec;
        this.operation = operation;
        this.proposal = proposal;
        this.votes = votes;
        this.serverId = serverId;
        this.version = version;
        this.hash = hash;
    }

    private static byte[] freshRequestId() {
        byte[] id = new byte[REQUEST_ID_BYTES];
        REQUEST_IDS.nextBytes(id);
        return id;
    }

    static GameRecord open(GameSpec spec) {
        return new GameRecord(Kind.OPEN, freshRequestId(), spec.gameId(), spec, null, null, List.of(), "", 0, null);
    }

    static GameRecord apply(String gameId, byte[] operation) {
        return new GameRecord(Kind.APPLY, freshRequestId(), gameId, null, operation.clone(), null, List.of(), "", 0,
                null);
    }

    /** The request id is the proposal's own (its first 16 bytes): the same proposal is never applied twice. */
    static GameRecord proposal(Proposal proposal, List<Vote> votes) {
        byte[] id = new byte[REQUEST_ID_BYTES];
        System.arraycopy(proposal.id().bytes(), 0, id, 0, REQUEST_ID_BYTES);
        return new GameRecord(Kind.PROPOSAL, id, proposal.gameId(), null, null, proposal, List.copyOf(votes), "", 0,
                null);
    }

    static GameRecord check(String gameId, String serverId, long version, StateHash hash) {
        return new GameRecord(Kind.CHECK, freshRequestId(), gameId, null, null, null, List.of(), serverId, version,
                hash);
    }

    static GameRecord close(String gameId) {
        return new GameRecord(Kind.CLOSE, freshRequestId(), gameId, null, null, null, List.of(), "", 0, null);
    }

    /** @return the request id in hex: the key a server remembers it by */
    String requestKey() {
        return HexFormat.of().formatHex(requestId);
    }

    byte[] encode() {
        CanonicalWriter out = new CanonicalWriter().writeString(DOMAIN).writeByte(kind.ordinal()).writeFixed(requestId)
                .writeString(gameId);
        switch (kind) {
        case OPEN:
            writeSpec(out, spec);
            break;
        case APPLY:
            out.writeBytes(operation);
            break;
        case PROPOSAL:
            out.writeString(proposal.proposerId()).writeHash(proposal.against()).writeBytes(proposal.operation())
                    .writeBytes(proposal.signature()).writeInt(votes.size());
            for (Vote vote : votes) {
                out.writeString(vote.voterId()).writeBoolean(vote.approve()).writeBytes(vote.signature());
            }
            break;
        case CHECK:
            out.writeString(serverId).writeLong(version).writeHash(hash);
            break;
        case CLOSE:
            break;
        default:
            throw new AssertionError(kind);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a record */
    static GameRecord decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        if (!DOMAIN.equals(in.readString(64))) {
            throw new IllegalArgumentException("not a Freelock game record");
        }
        int ordinal = in.readByte();
        if (ordinal < 0 || ordinal >= Kind.values().length) {
            throw new IllegalArgumentException("record kind " + ordinal + " is unknown");
        }
        Kind kind = Kind.values()[ordinal];
        byte[] requestId = in.readFixed(REQUEST_ID_BYTES);
        String gameId = in.readString(MAX_TEXT);
        GameRecord record;
        switch (kind) {
        case OPEN:
            record = new GameRecord(kind, requestId, gameId, readSpec(in), null, null, List.of(), "", 0, null);
            break;
        case APPLY:
            record = new GameRecord(kind, requestId, gameId, null, in.readBytes(MAX_BYTES), null, List.of(), "", 0,
                    null);
            break;
        case PROPOSAL: {
            Proposal proposal = new Proposal(gameId, in.readString(MAX_TEXT), in.readHash(), in.readBytes(MAX_BYTES),
                    in.readBytes(MAX_TEXT));
            ProposalId id = proposal.id();
            List<Vote> votes = new ArrayList<>();
            for (int i = 0, n = count(in); i < n; i++) {
                votes.add(new Vote(gameId, id, in.readString(MAX_TEXT), in.readBoolean(), in.readBytes(MAX_TEXT)));
            }
            record = new GameRecord(kind, requestId, gameId, null, null, proposal, List.copyOf(votes), "", 0, null);
            break;
        }
        case CHECK:
            record = new GameRecord(kind, requestId, gameId, null, null, null, List.of(), in.readString(MAX_TEXT),
                    in.readLong(), in.readHash());
            break;
        case CLOSE:
            record = new GameRecord(kind, requestId, gameId, null, null, null, List.of(), "", 0, null);
            break;
        default:
            throw new AssertionError(kind);
        }
        in.expectEnd();
        return record;
    }

    private static int count(CanonicalReader in) {
        int n = in.readInt();
        if (n < 0 || n > MAX_LIST) {
            throw new IllegalArgumentException("a list of " + n + " entries");
        }
        return n;
    }

    static void writeSpec(CanonicalWriter out, GameSpec spec) {
        out.writeString(spec.gameId()).writeString(spec.gameType()).writeInt(spec.participants().size());
        for (Participant p : spec.participants()) {
            out.writeString(p.id()).writeBytes(p.publicKey().getEncoded());
        }
        out.writeInt(spec.options().size());
        spec.options().forEach((key, value) -> out.writeString(key).writeString(value));
        out.writeString(spec.instance()).writeBoolean(spec.directApplies());
    }

    static GameSpec readSpec(CanonicalReader in) {
        String gameId = in.readString(MAX_TEXT);
        String gameType = in.readString(MAX_TEXT);
        List<Participant> participants = new ArrayList<>();
        for (int i = 0, n = count(in); i < n; i++) {
            participants.add(new Participant(in.readString(MAX_TEXT), publicKey(in.readBytes(MAX_TEXT))));
        }
        Map<String, String> options = new TreeMap<>();
        for (int i = 0, n = count(in); i < n; i++) {
            options.put(in.readString(MAX_TEXT), in.readString(MAX_TEXT));
        }
        String instance = in.readString(128);
        boolean direct = in.readBoolean();
        GameSpec spec = new GameSpec(gameId, gameType, participants, options).withDirectApplies(direct);
        return instance.isEmpty() ? spec : spec.withInstance(instance);
    }

    private static java.security.PublicKey publicKey(byte[] encoded) {
        try {
            return KeyFactory.getInstance(Participant.ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a participant key that is not an X.509-encoded Ed25519 key: " + e);
        }
    }

    @Override
    public String toString() {
        return kind + " " + gameId + " #" + requestKey().substring(0, 8) + (Objects.equals(serverId, "") ? ""
                : " from " + serverId + " v" + version);
    }
}
