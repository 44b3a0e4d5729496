package io.freelock.queue.internal;

/**
 * The padding rule of every queue: a field written by one side of a queue (an index, a head, a tail) is kept
 * {@value #BYTES} bytes from any field the other side writes, and from the object header. 128 bytes, not one 64-byte
 * line, because x86's adjacent-line prefetcher fetches lines in pairs, so two fields 64 bytes apart still take
 * each other's line along. Padding is declared as fields of a chain of small superclasses, since HotSpot lays out
 * a superclass's fields before its subclass's and would otherwise be free to reorder them; as {@value #BYTES} byte
 * fields, because bytes leave no alignment hole that HotSpot (15 and later) could fill with a subclass's field. A
 * queue that pads cites this class at the site.
 */
public final class Padding {

    /** How far apart two sides' fields are kept. */
    public static final int BYTES = 128;

    private Padding() {
    }
}
