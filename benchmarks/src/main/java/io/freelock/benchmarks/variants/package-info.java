/**
 * Experiments, not shipped code: small variants of our queues' hot paths, each changing one thing, measured next to
 * the real queue in the same run to show what a recommended change would gain before anyone changes a bundle.
 * Some keep the code a change replaced, as the "before" of a before/after pair measured in one run:
 * {@link io.freelock.benchmarks.variants.IndexCheckSpscRing} and
 * {@link io.freelock.benchmarks.variants.OneByOneVyukovRing} (issue 6), and
 * {@link io.freelock.benchmarks.variants.CountingManagedQueue}, the managed queue's hot path before issue 12
 * (queue names {@code before-managed-spsc|vyukov|ms}).
 * The {@code Variants} benchmarks run them; the suite leaves them out unless asked for by name.
 */
package io.freelock.benchmarks.variants;
