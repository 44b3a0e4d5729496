package io.freelock.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the report compares: each of ours against each peer measured in the same run, with the targets of issue 6,
 * and issue 12's for the managed queue against its bare driver queue at every shape.
 * A ratio is always oriented so that above 1 means ours is faster: ours ÷ peer for a throughput, peer ÷ ours for a
 * time.
 */
public final class Comparisons {

    /** Where a figure is found in the results: benchmark ({@code Class.method}), metric (null: primary), queue. */
    public record Key(String benchmark, String metric, String queue) {
    }

    /** A target: the ratio it asks for and how the issue words it. */
    public record Target(double ratio, String text) {
    }

    /**
     * @param section the table it belongs to
     * @param ours what we measure, for a reader
     * @param peer what we measure it against, for a reader
     * @param higherIsBetter true for a throughput, false for a time
     * @param target null if the issue sets none for this pair
     */
    public record Comparison(String section, String ours, String peer, Key oursKey, Key peerKey,
            boolean higherIsBetter, Target target, String chartLabel) {
    }

    /** Readable names of the {@code queue} parameter values. */
    public static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("freelock-spsc", "SpscRingQueue"),
            Map.entry("freelock-vyukov", "VyukovQueue"),
            Map.entry("freelock-vyukov-relaxed", "VyukovQueue, relaxed calls"),
            Map.entry("freelock-ms", "MichaelScottQueue"),
            Map.entry("freelock-spsc-linked", "SpscLinkedQueue (ours)"),
            Map.entry("freelock-mpsc", "MpscChunkedQueue"),
            Map.entry("freelock-mpsc-relaxed", "MpscChunkedQueue, relaxed calls"),
            Map.entry("managed-mpsc", "ManagedQueue on mpsc"),
            Map.entry("managed-spsc", "ManagedQueue on spsc"),
            Map.entry("managed-vyukov", "ManagedQueue on vyukov"),
            Map.entry("managed-ms", "ManagedQueue on michaelscott"),
            Map.entry("swapped-spsc", "ManagedQueue on spsc, swapped to vyukov and back"),
            Map.entry("jctools-spsc", "JCTools SpscArrayQueue"),
            Map.entry("jctools-mpmc", "JCTools MpmcArrayQueue"),
            Map.entry("jctools-mpmc-relaxed", "JCTools MpmcArrayQueue, relaxedOffer/relaxedPoll"),
            Map.entry("jctools-mpsc", "JCTools MpscArrayQueue"),
            Map.entry("jctools-mpsc-unbounded", "JCTools MpscUnboundedArrayQueue"),
            Map.entry("jctools-spsc-linked", "JCTools SpscLinkedQueue"),
            Map.entry("agrona-spsc", "Agrona OneToOneConcurrentArrayQueue"),
            Map.entry("agrona-mpsc", "Agrona ManyToOneConcurrentArrayQueue"),
            Map.entry("agrona-mpmc", "Agrona ManyToManyConcurrentArrayQueue"),
            Map.entry("disruptor-spsc", "Disruptor RingBuffer (single producer)"),
            Map.entry("jdk-abq", "ArrayBlockingQueue"),
            Map.entry("jdk-clq", "ConcurrentLinkedQueue"),
            Map.entry("jdk-ltq", "LinkedTransferQueue"));

    static final String ONE_TO_ONE = "Throughput, 1 producer / 1 consumer (elements/µs)";
    static final String TWO_TO_ONE = "Throughput, 2 producers / 1 consumer (elements/µs; 3 threads on 2 cores)";
    static final String BATCH = "Batch fill/drain, 1 producer / 1 consumer, batches of 64 (elements/µs)";
    static final String ROUND_TRIP = "Round trip through two queues (ns, lower is better)";
    static final String MANAGED = "ManagedQueue against the bare driver queue (elements/µs; 1P1C, 2P1C and batch as above)";
    static final String BURST = "One thread, offer 32 then poll 32: the code path alone (ns per element, lower is better)";
    static final String BATCH_BURST =
            "One thread, fill 64 then drain 64: the batch code path alone (ns per element, lower is better)";
    static final String ENGINE = "Engine apply against AtomicReference.updateAndGet (operations/µs)";
    static final String SIGNED = "A signed round of one three-player table against the bare engine and its signatures (operations/µs)";
    static final String JOURNAL = "Engine apply with its journal in an H2 file against the engine in memory (operations/s)";

    private Comparisons() {
    }

    public static String name(String queue) {
        return NAMES.getOrDefault(queue, queue);
    }

    /** @return every comparison, in report order */
    public static List<Comparison> all() {
        List<Comparison> all = new ArrayList<>();
        Target spsc = new Target(1.0, "SPSC at 1P/1C ≥ 1.0× JCTools SpscArrayQueue");
        Target mpmc = new Target(1.0, "Vyukov MPMC at 1P/1C ≥ 1.0× JCTools MpmcArrayQueue");
        Target mpmcAbq = new Target(3.0, "Vyukov MPMC at 1P/1C ≥ 3× ArrayBlockingQueue");
        Target ms = new Target(1.0, "Michael-Scott MPMC ≥ 1.0× ConcurrentLinkedQueue");
        Target msSpsc = new Target(1.5, "Michael-Scott 1P/1C mode ≥ 1.5× ConcurrentLinkedQueue");
        // issue 13: against an updateAndGet that does the same hashing work (state encoding and digest included)
        Target engine = new Target(0.8, "Engine apply at 1 thread ≥ 0.8× updateAndGet with the same hashing");
        String managedTarget = "ManagedQueue ≥ 0.9× its bare driver queue";

        queues(all, ONE_TO_ONE, "OneToOne.transfer", "polled", "1P1C", "freelock-spsc",
                new String[] {"jctools-spsc", "agrona-spsc", "disruptor-spsc", "jdk-abq"}, new Target[] {spsc, null, null, null});
        queues(all, ONE_TO_ONE, "OneToOne.transfer", "polled", "1P1C", "freelock-vyukov",
                new String[] {"jctools-mpmc", "agrona-mpmc", "jdk-abq"}, new Target[] {mpmc, null, mpmcAbq});
        queues(all, ONE_TO_ONE, "OneToOne.transfer", "polled", "1P1C", "freelock-ms",
                new String[] {"jdk-clq", "jctools-mpsc-unbounded", "jdk-ltq"}, new Target[] {ms, null, null});
        queues(all, ONE_TO_ONE, "OneToOne.transfer", "polled", "1P1C", "freelock-spsc-linked",
                new String[] {"jdk-clq", "jctools-spsc-linked", "jctools-mpsc-unbounded"}, new Target[] {msSpsc, null, null});

        // issue 14
        queues(all, TWO_TO_ONE, "TwoToOne.transfer", "polled", "2P1C", "freelock-vyukov",
                new String[] {"jctools-mpmc", "jctools-mpsc", "agrona-mpmc", "agrona-mpsc", "jdk-abq"},
                new Target[] {new Target(1.0, "Vyukov MPMC at 2P/1C ≥ 1.0× JCTools MpmcArrayQueue"), null, null, null, null});
        queues(all, TWO_TO_ONE, "TwoToOne.transfer", "polled", "2P1C", "freelock-vyukov-relaxed",
                new String[] {"agrona-mpmc", "jctools-mpmc-relaxed"}, new Target[] {new Target(0.8,
                        "Vyukov relaxedOffer/relaxedPoll at 2P/1C ≥ 0.8× Agrona ManyToManyConcurrentArrayQueue"), null});
        queues(all, TWO_TO_ONE, "TwoToOne.transfer", "polled", "2P1C", "freelock-ms",
                new String[] {"jdk-clq", "jctools-mpsc-unbounded"},
                new Target[] {new Target(1.0, ms.text() + " (2 producers)"), null});

        Target mpsc = new Target(1.0, "MPSC unbounded ≥ 1.0× JCTools MpscUnboundedArrayQueue");
        queues(all, TWO_TO_ONE, "TwoToOne.transfer", "polled", "2P1C", "freelock-mpsc",
                new String[] {"jctools-mpsc-unbounded", "jdk-clq"}, new Target[] {new Target(1.0, mpsc.text() + " (2P/1C)"), null});

        queues(all, BATCH, "Batch.batch", "drained", "batch", "freelock-spsc", new String[] {"jctools-spsc"},
                new Target[] {new Target(1.0, "SPSC fill/drain ≥ 1.0× JCTools SpscArrayQueue")});
        queues(all, BATCH, "Batch.batch", "drained", "batch", "freelock-vyukov", new String[] {"jctools-mpmc"},
                new Target[] {new Target(1.0, "Vyukov fill/drain ≥ 1.0× JCTools MpmcArrayQueue")});
        // JCTools' fill and drain are relaxed (they stop where a slot is midway); ours are strict unless asked
        queues(all, BATCH, "Batch.batch", "drained", "batch", "freelock-vyukov-relaxed", new String[] {"jctools-mpmc"},
                new Target[1]);
        queues(all, BATCH, "Batch.batch", "drained", "batch", "freelock-ms", new String[] {"jctools-mpsc-unbounded"},
                new Target[1]);
        queues(all, BATCH, "Batch.batch", "drained", "batch", "freelock-mpsc", new String[] {"jctools-mpsc-unbounded"},
                new Target[] {new Target(1.0, mpsc.text() + " (batches)")});
        queues(all, BATCH, "Batch.batch", "drained", "batch", "freelock-mpsc-relaxed",
                new String[] {"jctools-mpsc-unbounded"}, new Target[1]);

        for (String[] pair : new String[][] {{"freelock-spsc", "jctools-spsc"}, {"freelock-vyukov", "jctools-mpmc"}}) {
            all.add(new Comparison(ROUND_TRIP, name(pair[0]), name(pair[1]), new Key("RoundTrip.rtt", "ping", pair[0]),
                    new Key("RoundTrip.rtt", "ping", pair[1]), false, null, "RTT " + shortName(pair[0]) + "/" + shortName(pair[1])));
        }

        String[][] managedPairs = {{"managed-spsc", "freelock-spsc"}, {"managed-vyukov", "freelock-vyukov"},
            {"managed-ms", "freelock-ms"}};
        for (String[] managed : managedPairs) {
            queues(all, MANAGED, "OneToOne.transfer", "polled", "1P1C", managed[0], new String[] {managed[1]},
                    new Target[] {new Target(0.9, managedTarget + " (1P/1C)")});
        }
        for (String[] managed : new String[][] {{"managed-vyukov", "freelock-vyukov"}, {"managed-ms", "freelock-ms"}}) {
            queues(all, MANAGED, "TwoToOne.transfer", "polled", "2P1C", managed[0], new String[] {managed[1]},
                    new Target[] {new Target(0.9, managedTarget + " (2P/1C)")});
        }
        for (String[] managed : managedPairs) {
            queues(all, MANAGED, "Batch.batch", "drained", "batch", managed[0], new String[] {managed[1]},
                    new Target[] {new Target(0.9, managedTarget + " (batch fill/drain)")});
        }
        // After a swap to vyukov and back: not a target, what a queue costs once it has been swapped (issue 12's note)
        queues(all, MANAGED, "OneToOne.transfer", "polled", "1P1C", "swapped-spsc", new String[] {"freelock-spsc"},
                new Target[1]);
        queues(all, MANAGED, "Batch.batch", "drained", "batch", "swapped-spsc", new String[] {"freelock-spsc"},
                new Target[1]);

        String[][] burst = {
            {"freelock-spsc", "jctools-spsc", "agrona-spsc", "disruptor-spsc"},
            {"freelock-vyukov", "jctools-mpmc", "agrona-mpmc", "jdk-abq"},
            {"freelock-ms", "jdk-clq", "jctools-mpsc-unbounded"},
            {"freelock-spsc-linked", "jdk-clq", "jctools-spsc-linked"},
            {"managed-spsc", "freelock-spsc"}, {"managed-vyukov", "freelock-vyukov"}, {"managed-ms", "freelock-ms"},
            {"swapped-spsc", "freelock-spsc"}};
        for (String[] family : burst) {
            Target target = family[0].startsWith("managed-") ? new Target(0.9, managedTarget + " (one thread)") : null;
            for (int i = 1; i < family.length; i++) {
                oneThread(all, BURST, "Burst.offerThenPoll", "1T ", family[0], family[i], target);
            }
        }

        // The Batch rows' code paths without the second core: which part of a batch gap is the queue's own code
        for (String[] pair : new String[][] {{"freelock-spsc", "jctools-spsc"}, {"freelock-vyukov", "jctools-mpmc"},
            {"freelock-mpsc", "jctools-mpsc-unbounded"}}) {
            oneThread(all, BATCH_BURST, "BatchBurst.fillThenDrain", "1T batch ", pair[0], pair[1], null);
        }

        engine(all, "engine1", "updateAndGet1", "1 thread", "updateAndGet, same state function", null);
        engine(all, "engine2", "updateAndGet2", "2 threads", "updateAndGet, same state function", null);
        engine(all, "engine1", "updateAndGetHashed1", "1 thread", "updateAndGet + canonical encoding + SHA-256 chain",
                engine);
        engine(all, "engine2", "updateAndGetHashed2", "2 threads", "updateAndGet + canonical encoding + SHA-256 chain", null);
        engine(all, "engine1", "updateAndGetReusedDigest1", "1 thread",
                "updateAndGet + encoding + SHA-256 chain with a reused MessageDigest", null);
        // issue 15: a proposal and two votes, verified, committed by the engine; no target, reported against the
        // engine's own apply, the bare updateAndGet with and without the hashing, and the round's three verifications
        String[][] signedPeers = {
            {"engine1", "engine apply, 1 thread", "apply"},
            {"updateAndGet1", "updateAndGet, same state function, 1 thread", "bare"},
            {"updateAndGetHashed1", "updateAndGet + canonical encoding + SHA-256 chain, 1 thread", "hashed"},
            {"verify3", "three Ed25519 verifications alone (the round's signatures), 1 thread", "verify3"}};
        for (String[] peer : signedPeers) {
            all.add(new Comparison(SIGNED, "signed round (proposal + 2 votes), 1 table", peer[1],
                    new Key("EngineApply.signedRound1", null, null), new Key("EngineApply." + peer[0], null, null), true,
                    null, "signed/" + peer[2]));
        }
        for (String durability : new String[] {"sync", "async"}) {
            for (int threads = 1; threads <= 2; threads++) {
                all.add(new Comparison(JOURNAL, "durability " + durability + ", " + threads + " thread(s)",
                        "in memory, " + threads + " thread(s)", new Key("JournaledApply." + durability + threads, null, null),
                        new Key("JournaledApply.memory" + threads, null, null), true, null,
                        "journal/" + durability + " " + threads + "t"));
            }
        }
        return all;
    }

    private static void queues(List<Comparison> all, String section, String benchmark, String metric, String shape,
            String ours, String[] peers, Target[] targets) {
        for (int i = 0; i < peers.length; i++) {
            String sectionTag = section.equals(MANAGED) ? shape + " " : section.equals(BATCH) ? "batch " : shape + " ";
            all.add(new Comparison(section, name(ours) + (section.equals(MANAGED) ? " (" + shape + ")" : ""), name(peers[i]),
                    new Key(benchmark, metric, ours), new Key(benchmark, metric, peers[i]), true, targets[i],
                    sectionTag + shortName(ours) + "/" + shortName(peers[i])));
        }
    }

    /** A one-thread row of {@code benchmark}: ours against a peer in ns per element, so lower is better. */
    private static void oneThread(List<Comparison> all, String section, String benchmark, String labelPrefix, String ours,
            String peer, Target target) {
        all.add(new Comparison(section, name(ours), name(peer), new Key(benchmark, null, ours), new Key(benchmark, null, peer),
                false, target, labelPrefix + shortName(ours) + "/" + shortName(peer)));
    }

    private static void engine(List<Comparison> all, String ours, String peer, String threads, String peerText,
            Target target) {
        all.add(new Comparison(ENGINE, "engine apply, " + threads, peerText + ", " + threads,
                new Key("EngineApply." + ours, null, null), new Key("EngineApply." + peer, null, null), true, target,
                "engine/" + (peer.startsWith("updateAndGetHashed") ? "hashed " : peer.startsWith("updateAndGetReused")
                        ? "reused digest " : "bare ") + threads.charAt(0) + "t"));
    }

    /** A compact name for the chart's axis. */
    static String shortName(String queue) {
        return queue.replace("freelock-", "").replace("managed-", "managed ").replace("jctools-", "jct ")
                .replace("agrona-", "agr ").replace("disruptor-spsc", "disruptor").replace("jdk-", "");
    }
}
