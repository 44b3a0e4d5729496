package io.freelock.benchmarks;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedTransferQueue;

import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.jctools.queues.SpscArrayQueue;
import org.jctools.queues.SpscLinkedQueue;

import io.freelock.benchmarks.variants.CountingManagedQueue;
import io.freelock.benchmarks.variants.InFlightCounted;
import io.freelock.benchmarks.variants.InFlightMarked;
import io.freelock.benchmarks.variants.IndexCheckSpscRing;
import io.freelock.benchmarks.variants.OneByOneVyukovRing;
import io.freelock.benchmarks.variants.TailFreePollMsQueue;
import io.freelock.queue.manager.ManagedQueues;
import io.freelock.queue.michaelscott.MichaelScottQueue;
import io.freelock.queue.mpsc.MpscChunkedQueue;
import io.freelock.queue.spsc.SpscRingQueue;
import io.freelock.queue.vyukov.VyukovQueue;

/**
 * Every queue the benchmarks measure, by the name a {@code @Param} gives. Ours start with {@code freelock-},
 * {@code managed-} or {@code metered-}; the peers with the library they come from. A benchmark fork runs one name only, so the call
 * sites on {@link Queue} see one class and are inlined as if typed with it.
 */
public final class Queues {

    /** The bounded queues' capacity unless a benchmark says otherwise: {@code QueueSpec.DEFAULT_CAPACITY}. */
    public static final int CAPACITY = 1024;
    /** The chunk of JCTools' unbounded array queue (it links chunks of this many slots). */
    static final int CHUNK = 1024;

    private Queues() {
    }

    /**
     * @param name a queue name, see the switch below
     * @param capacity the bounded queues' capacity; ignored by unbounded ones
     */
    public static <E> Queue<E> create(String name, int capacity) {
        switch (name) {
            // ours
            case "freelock-spsc": return new SpscRingQueue<>(capacity);
            case "freelock-vyukov": return new VyukovQueue<>(capacity);
            case "freelock-vyukov-relaxed": return RelaxedCalls.of(new VyukovQueue<E>(capacity));
            case "freelock-ms": return new MichaelScottQueue<>();
            case "freelock-spsc-linked": return new io.freelock.queue.michaelscott.SpscLinkedQueue<>();
            case "freelock-mpsc": return new MpscChunkedQueue<>();
            case "managed-spsc": return ManagedQueues.open("queue:spsc?capacity=" + capacity + "&driver=spsc");
            case "managed-vyukov": return ManagedQueues.open("queue:mpmc?capacity=" + capacity + "&driver=vyukov");
            case "managed-ms": return ManagedQueues.open("queue:mpmc?bounded=false&driver=michaelscott");
            case "managed-mpsc": return ManagedQueues.open("queue:mpsc?bounded=false&driver=mpsc");
            // managed on spsc after a swap to vyukov and back: through the redirected front and the manager's stages
            case "swapped-spsc": return ManagedQueues.openSwapped("queue:spsc?capacity=" + capacity + "&driver=spsc", "vyukov");
            case "swapped-spsc-behind": return ManagedQueues.behind(ManagedQueues.openSwapped("queue:spsc?capacity=" + capacity + "&driver=spsc", "vyukov"));
            // managed, counting traffic as with a metrics registry live (on demand: -p queue=metered-...)
            case "metered-spsc": return ManagedQueues.openMetered("queue:spsc?capacity=" + capacity + "&driver=spsc");
            case "metered-vyukov": return ManagedQueues.openMetered("queue:mpmc?capacity=" + capacity + "&driver=vyukov");
            case "metered-ms": return ManagedQueues.openMetered("queue:mpmc?bounded=false&driver=michaelscott");
            // experiments (see the variants package): never part of the regular suite
            case "variant-spsc-indexcheck": return new IndexCheckSpscRing<>(capacity);
            case "variant-spsc-counted": return new InFlightCounted<>(new SpscRingQueue<>(capacity));
            case "variant-spsc-marked": return new InFlightMarked<>(new SpscRingQueue<>(capacity));
            case "variant-vyukov-onebyone": return new OneByOneVyukovRing<>(capacity);
            case "variant-ms-tailfree": return new TailFreePollMsQueue<>();
            // the managed queue's hot path before issue 12 (commit 357a518), over the same driver queues
            case "before-managed-spsc": return new CountingManagedQueue<>(new SpscRingQueue<>(capacity));
            case "before-managed-vyukov": return new CountingManagedQueue<>(new VyukovQueue<>(capacity));
            case "before-managed-ms": return new CountingManagedQueue<>(new MichaelScottQueue<>());
            // JCTools
            case "jctools-spsc": return new SpscArrayQueue<>(capacity);
            case "jctools-mpmc": return new MpmcArrayQueue<>(capacity);
            // JCTools' MpmcArrayQueue on atomic arrays (bounds-checked, as VarHandle accesses are), an experiment row
            case "jctools-mpmc-atomic": return new org.jctools.queues.atomic.MpmcAtomicArrayQueue<>(capacity);
            case "jctools-mpmc-relaxed": return RelaxedCalls.of(new MpmcArrayQueue<E>(capacity));
            case "jctools-mpsc": return new MpscArrayQueue<>(capacity);
            case "jctools-mpsc-unbounded": return new MpscUnboundedArrayQueue<>(CHUNK);
            // JCTools' getAndAdd-claimed unbounded queue with pooled chunks (ours is the same design without the
            // pool), an experiment row for issue 14's MPSC batch gap
            case "jctools-mpsc-xadd": return new org.jctools.queues.MpscUnboundedXaddArrayQueue<>(CHUNK);
            case "jctools-spsc-linked": return new SpscLinkedQueue<>();
            // Agrona
            case "agrona-spsc": return new OneToOneConcurrentArrayQueue<>(capacity);
            case "agrona-mpsc": return new ManyToOneConcurrentArrayQueue<>(capacity);
            case "agrona-mpmc": return new ManyToManyConcurrentArrayQueue<>(capacity);
            // the Disruptor, as a queue
            case "disruptor-spsc": return new DisruptorSpscQueue<>(capacity);
            // the JDK
            case "jdk-abq": return new ArrayBlockingQueue<>(capacity);
            case "jdk-clq": return new ConcurrentLinkedQueue<>();
            case "jdk-ltq": return new LinkedTransferQueue<>();
            default: throw new IllegalArgumentException("no queue named '" + name + "'");
        }
    }
}
