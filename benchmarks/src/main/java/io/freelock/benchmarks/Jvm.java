package io.freelock.benchmarks;

/** The JVM flags every benchmark fork gets (annotation values must be constants, hence one per flag). */
final class Jvm {
    /** A fixed heap, so that no fork spends its measurement growing one. */
    static final String HEAP_MIN = "-Xms2g";
    static final String HEAP_MAX = "-Xmx2g";
    /** Agrona 2 reaches jdk.internal.misc.Unsafe, which java.base exports only on request. */
    static final String AGRONA = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private Jvm() {
    }
}
