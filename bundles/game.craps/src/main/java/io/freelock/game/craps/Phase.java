package io.freelock.game.craps;

/** The two phases of a shooter's turn. */
public enum Phase {
    /** No point: the next roll is a come-out roll (7 or 11 win the pass line, 2, 3 or 12 lose it). */
    COME_OUT,
    /** A point (4, 5, 6, 8, 9 or 10) is set: rolling it wins the pass line, a 7 loses it and ends the shooter's turn. */
    POINT
}
