/**
 * Experiments, not shipped code: small variants of our queues' hot paths, each changing one thing, measured next to
 * the real queue in the same run to show what a recommended change would gain before anyone changes a bundle.
 * The {@code Variants} benchmark runs them; the suite leaves it out unless asked for by name.
 */
package io.freelock.benchmarks.variants;
