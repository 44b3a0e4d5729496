package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;


class GameCommandsTest {

    private final CounterTable table = new CounterTable(3);
    private final GameCommands commands = new GameCommands(table.factory, table.factory);

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
        assertTrue(state.matches("(?s).*\\napply latency \\(s\\): p50 [0-9.]+, p90 [0-9.]+, p99 [0-9.]+, p99\\.9 [0-9.]+, max [0-9.]+ \\(\\d+ samples\\)\\n.*"), state);
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
    void anUnknownGameIsOneLineNamingItAndTheOpenOnes() {
        for (String shown : new String[] {commands.state("nope"), commands.proposals("nope"), commands.journal("nope")}) {
            assertEquals("no game 'nope' is open; open games: [game-1]", shown);
        }
    }

    @Test
    void longGameIdsWidenTheirColumn() {
        CounterTable other = new CounterTable("a-game-id-much-longer-than-sixteen-characters", 3, EngineSettings.defaults());
        String list = new GameCommands(other.factory, other.factory).list();
        String[] lines = list.split("\n");
        // the columns after the id start at the same place on the header and the row
        assertEquals(lines[0].indexOf("TYPE"), lines[1].indexOf("counter"), list);
    }

    @Test
    void durationsAreSecondsToThreeSignificantDigits() {
        assertEquals("0.0000123", GameCommands.seconds(12_345));
        assertEquals("1.5", GameCommands.seconds(1_500_000_000));
        assertEquals("0", GameCommands.seconds(0));
    }
}
