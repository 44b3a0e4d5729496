package io.freelock.consensus;

/**
 * The engine of a game cannot run the game's rules because no {@link StateMachine} service for the game's type is
 * registered now, typically because the game bundle is stopped or being updated. The engine keeps the game's last
 * state, version and hash; it runs again, from that state, once rules for the type are registered again. The
 * message names the game and the missing rules, e.g.
 * {@code RULES_UNAVAILABLE: game 'table-1' needs a StateMachine service with game.type=craps; none is registered}.
 */
public class RulesUnavailableException extends RefusedException {

    private static final long serialVersionUID = 1L;

    private final String gameId;
    private final String gameType;

    /**
     * @param gameId the game whose rules are missing
     * @param gameType the {@value StateMachine#GAME_TYPE} the game needs
     * @param why what happened to the rules, e.g. "none is registered"
     */
    public RulesUnavailableException(String gameId, String gameType, String why) {
        super(RefusalReason.RULES_UNAVAILABLE, "game '" + gameId + "' needs a StateMachine service with "
                + StateMachine.GAME_TYPE + "=" + gameType + "; " + why);
        this.gameId = gameId;
        this.gameType = gameType;
    }

    /** @return the game whose rules are missing */
    public String gameId() {
        return gameId;
    }

    /** @return the game type whose rules are missing */
    public String gameType() {
        return gameType;
    }
}
