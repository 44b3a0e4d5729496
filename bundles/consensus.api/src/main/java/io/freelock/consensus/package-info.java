/**
 * Freelock's game-state contract. A game bundle registers its rules as a {@link io.freelock.consensus.StateMachine}
 * service with the property {@value io.freelock.consensus.StateMachine#GAME_TYPE}; an engine bundle registers a
 * {@link io.freelock.consensus.GameEngineFactory} that opens one {@link io.freelock.consensus.GameEngine} per game.
 * An engine holds the game's current {@link io.freelock.consensus.Snapshot} (state, contiguous version, hash chain),
 * changes it by compare-and-swap, and lets participants change it by signed {@link io.freelock.consensus.Proposal}s
 * and {@link io.freelock.consensus.Vote}s. Every refusal is a {@link io.freelock.consensus.RefusedException} whose
 * {@link io.freelock.consensus.RefusalReason} is named in its message.
 *
 * <p>Everything that is hashed or signed is built with {@link io.freelock.consensus.CanonicalWriter}, so any party
 * that follows the documented layouts computes the same bytes.
 */
@Export
@Version("1.4.0")
package io.freelock.consensus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
