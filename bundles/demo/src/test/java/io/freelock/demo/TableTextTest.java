package io.freelock.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.testkit.Players;
import io.freelock.game.craps.CrapsRules;

/** The demo reads the craps table from the rules' own text: that text, as the real rules write it. */
class TableTextTest {

    private final GameEngine<Object, Object> engine = open(Map.of("chips", "500", "house", "10000", "bond", "125"),
            "alice", "bob");

    @SuppressWarnings("unchecked")
    private static GameEngine<Object, Object> open(Map<String, String> options, String... players) {
        EngineFactory factory = new EngineFactory();
        factory.addRules(new CrapsRules(), Map.of("game.type", "craps"));
        return (GameEngine<Object, Object>) factory.open(new GameSpec("text", "craps",
                Players.withKeys(players).participants(), options));
    }

    private TableText table() {
        return TableText.parse(engine.describeState(engine.current().state()));
    }

    private void apply(String operation) {
        engine.apply(engine.parseOperation(operation));
    }

    @Test
    void aNewTableIsInRoundOneTakingBetsWithEveryChipInHand() {
        TableText table = table();
        assertEquals(1, table.round());
        assertTrue(table.comeOut());
        assertTrue(table.committing());
        assertEquals(0, table.rolls());
        assertEquals(500, table.balance("alice"));
        assertEquals(List.of("alice", "bob"), List.copyOf(table.seats().keySet()));
        assertEquals(11_000, table.totalChips());
        assertFalse(table.anyCommitted());
    }

    @Test
    void betsCommitmentsBondsAndTheRollAreReadBack() {
        apply("bet alice pass_line 10");
        apply("bet bob place_6 12");
        TableText betting = table();
        assertEquals(490, betting.balance("alice"));
        assertEquals(new TableText.Seat(488, 12, 14, 0, false, false, false), betting.seats().get("bob"));
        assertEquals(11_000, betting.totalChips(), "chips on the table still count");
        assertEquals(125, betting.bond());

        byte[] aliceNonce = new byte[32];
        byte[] bobNonce = new byte[32];
        bobNonce[0] = 1;
        String key = betting.tableKey();
        apply("commit alice " + HexFormat.of().formatHex(CrapsTable.commitment(key, 1, "alice", aliceNonce)));
        assertTrue(table().anyCommitted());
        assertTrue(table().committing(), "bob takes part and has not committed");
        assertEquals(125, table().seats().get("alice").bond());
        assertEquals(11_000, table().totalChips(), "chips in bond still count");
        apply("commit bob " + HexFormat.of().formatHex(CrapsTable.commitment(key, 1, "bob", bobNonce)));
        assertTrue(table().revealing());

        apply("reveal alice " + HexFormat.of().formatHex(aliceNonce));
        // the commitment the demo computes is the one the rules check: else this reveal is refused
        apply("reveal bob " + HexFormat.of().formatHex(bobNonce));
        TableText rolled = table();
        assertEquals(2, rolled.round());
        assertEquals(1, rolled.rolls());
        assertTrue(rolled.committing());
        assertEquals(11_000, rolled.totalChips());
    }

    @Test
    void aPlayerWhoCannotPostTheBondIsReadAsSittingOut() {
        GameEngine<Object, Object> poor = open(Map.of("chips", "100", "bond", "250"), "alice");
        TableText table = TableText.parse(poor.describeState(poor.current().state()));
        assertTrue(table.seats().get("alice").sittingOut());
    }

    @Test
    void textInAnotherFormIsRefusedNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableText.parse("round 1, come-out, shooter alice, committing, rolls 0\nthe house wins"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("'the house wins'"), e.getMessage());
    }

    @Test
    void chipsThatDoNotAddUpAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableText.parse(
                "round 1, come-out, shooter alice, committing, rolls 0\n"
                        + "house 100, chips in play 300\n"
                        + "dice table " + "0".repeat(64) + ", bond 1, exposure 0\n"
                        + "  alice: 100 chips, 0 on the table, exposure 0"));
        assertTrue(e.getMessage().contains("add up to 200"), e.getMessage());
    }
}
