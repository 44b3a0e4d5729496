package io.freelock.stress.jcstress;

/**
 * The element every jcstress test moves. Its constructor writes three plain, non-final fields. A final field
 * would be frozen by the constructor and so visible even through a data race, which would hide a missing
 * release or acquire in the queue; with plain fields, only the queue's own ordering (the producer's release
 * that publishes the element, the consumer's acquire that finds it) makes the constructor's writes visible to
 * the thread that takes the element out.
 */
public final class Item {

    /** What a test records when a poll or peek found nothing. */
    public static final int NONE = -1;
    /** What a test records when an element's fields are not all what its constructor wrote. */
    public static final int TORN = -2;

    private int value;
    private long square;
    private int inverse;

    /** @param value 1..9, so that a sequence of elements can be recorded as the decimal digits of one int */
    public Item(int value) {
        this.value = value;
        this.square = (long) value * value;
        this.inverse = ~value;
    }

    /** @return {@link #NONE} for null, {@link #TORN} for a half-initialised element, else its value */
    public static int read(Item item) {
        if (item == null) {
            return NONE;
        }
        int v = item.value;
        if (v == 0 || item.square != (long) v * v || item.inverse != ~v) {
            return TORN;
        }
        return v;
    }
}
