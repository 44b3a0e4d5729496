/**
 * Freelock's queue contract, in the manner of {@code java.sql}: {@link io.freelock.queue.ConcurrentQueue}
 * is what a host uses, {@link io.freelock.queue.QueueDriver} is what an implementation bundle registers,
 * and {@link io.freelock.queue.QueueSpec} is how a host names what it needs.
 */
@Export
@Version("1.6.0")
package io.freelock.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
