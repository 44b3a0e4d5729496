package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

class GameCommandsTest {

    private final Table table = new Table(3);
    private final GameCommands commands = new GameCommands(table.factory);

    @Test
    void listShowsEachGameWithItsRulesVersionAndHash() {
        table.engine.apply(2L);
        String list = commands.list();
        assertTrue(list.contains("game-1"), list);
        assertTrue(list.contains("counter"), list);
        assertTrue(list.contains("bound"), list);
        assertTrue(list.contains(table.engine.current().hash().shortHex()), list);
    }

    @Test
    void stateShowsTheStateByTheRulesAndTheCounts() {
        table.engine.apply(2L);
        String state = commands.state("game-1");
        assertTrue(state.contains("version 1"), state);
        assertTrue(state.contains("count 2"), state);
        assertTrue(state.contains("cas ok 1"), state);
        assertTrue(state.contains("instance " + table.engine.spec().instance() + ", direct applies accepted"), state);
        assertTrue(state.contains("apply latency ns"), state);
    }

    @Test
    void stateSaysSoWhenTheRulesAreAbsent() {
        table.factory.removeRules(table.rules, Map.of());
        String state = commands.state("game-1");
        assertTrue(state.contains("RULES_UNAVAILABLE"), state);
        assertTrue(commands.list().contains("ABSENT"), commands.list());
    }

    @Test
    void proposalsListsTheOpenOnesWithTheirOperation() {
        assertTrue(commands.proposals("game-1").contains("no open proposal"));
        table.engine.submit(table.propose("p1", 9));
        String proposals = commands.proposals("game-1");
        assertTrue(proposals.contains("p1"), proposals);
        assertTrue(proposals.contains("add 9"), proposals);
        assertTrue(proposals.contains("1/2"), proposals);
    }

    @Test
    void anUnknownGameIsRefusedByName() {
        RefusedException refused = assertThrows(RefusedException.class, () -> commands.state("nope"));
        assertEquals(RefusalReason.UNKNOWN_GAME, refused.reason());
        assertTrue(refused.getMessage().contains("'nope'"), refused.getMessage());
    }
}
