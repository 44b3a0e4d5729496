package io.freelock.benchmarks.variants;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;

/*
 * Field layout as in SpscRingQueue: 128 bytes of byte padding before the cold fields, between them and the
 * producer's, between the producer's and the consumer's, and after the consumer's.
 */

abstract class IndexCheckPad0<E> extends AbstractQueue<E> {
    byte a000, a001, a002, a003, a004, a005, a006, a007, a008, a009, a010, a011, a012, a013, a014, a015;
    byte a016, a017, a018, a019, a020, a021, a022, a023, a024, a025, a026, a027, a028, a029, a030, a031;
    byte a032, a033, a034, a035, a036, a037, a038, a039, a040, a041, a042, a043, a044, a045, a046, a047;
    byte a048, a049, a050, a051, a052, a053, a054, a055, a056, a057, a058, a059, a060, a061, a062, a063;
    byte a064, a065, a066, a067, a068, a069, a070, a071, a072, a073, a074, a075, a076, a077, a078, a079;
    byte a080, a081, a082, a083, a084, a085, a086, a087, a088, a089, a090, a091, a092, a093, a094, a095;
    byte a096, a097, a098, a099, a100, a101, a102, a103, a104, a105, a106, a107, a108, a109, a110, a111;
    byte a112, a113, a114, a115, a116, a117, a118, a119, a120, a121, a122, a123, a124, a125, a126, a127;
}

abstract class IndexCheckCold<E> extends IndexCheckPad0<E> {
    final Object[] buffer;
    final int mask;

    IndexCheckCold(int capacity) {
        buffer = new Object[capacity];
        mask = capacity - 1;
    }
}

abstract class IndexCheckPad1<E> extends IndexCheckCold<E> {
    byte b000, b001, b002, b003, b004, b005, b006, b007, b008, b009, b010, b011, b012, b013, b014, b015;
    byte b016, b017, b018, b019, b020, b021, b022, b023, b024, b025, b026, b027, b028, b029, b030, b031;
    byte b032, b033, b034, b035, b036, b037, b038, b039, b040, b041, b042, b043, b044, b045, b046, b047;
    byte b048, b049, b050, b051, b052, b053, b054, b055, b056, b057, b058, b059, b060, b061, b062, b063;
    byte b064, b065, b066, b067, b068, b069, b070, b071, b072, b073, b074, b075, b076, b077, b078, b079;
    byte b080, b081, b082, b083, b084, b085, b086, b087, b088, b089, b090, b091, b092, b093, b094, b095;
    byte b096, b097, b098, b099, b100, b101, b102, b103, b104, b105, b106, b107, b108, b109, b110, b111;
    byte b112, b113, b114, b115, b116, b117, b118, b119, b120, b121, b122, b123, b124, b125, b126, b127;

    IndexCheckPad1(int capacity) {
        super(capacity);
    }
}

abstract class IndexCheckProducer<E> extends IndexCheckPad1<E> {
    long producerIndex;
    long producerLimit;

    IndexCheckProducer(int capacity) {
        super(capacity);
    }
}

abstract class IndexCheckPad2<E> extends IndexCheckProducer<E> {
    byte c000, c001, c002, c003, c004, c005, c006, c007, c008, c009, c010, c011, c012, c013, c014, c015;
    byte c016, c017, c018, c019, c020, c021, c022, c023, c024, c025, c026, c027, c028, c029, c030, c031;
    byte c032, c033, c034, c035, c036, c037, c038, c039, c040, c041, c042, c043, c044, c045, c046, c047;
    byte c048, c049, c050, c051, c052, c053, c054, c055, c056, c057, c058, c059, c060, c061, c062, c063;
    byte c064, c065, c066, c067, c068, c069, c070, c071, c072, c073, c074, c075, c076, c077, c078, c079;
    byte c080, c081, c082, c083, c084, c085, c086, c087, c088, c089, c090, c091, c092, c093, c094, c095;
    byte c096, c097, c098, c099, c100, c101, c102, c103, c104, c105, c106, c107, c108, c109, c110, c111;
    byte c112, c113, c114, c115, c116, c117, c118, c119, c120, c121, c122, c123, c124, c125, c126, c127;

    IndexCheckPad2(int capacity) {
        super(capacity);
    }
}

abstract class IndexCheckConsumer<E> extends IndexCheckPad2<E> {
    long consumerIndex;
    long cachedProducerIndex;

    IndexCheckConsumer(int capacity) {
        super(capacity);
    }
}

abstract class IndexCheckPad3<E> extends IndexCheckConsumer<E> {
    byte d000, d001, d002, d003, d004, d005, d006, d007, d008, d009, d010, d011, d012, d013, d014, d015;
    byte d016, d017, d018, d019, d020, d021, d022, d023, d024, d025, d026, d027, d028, d029, d030, d031;
    byte d032, d033, d034, d035, d036, d037, d038, d039, d040, d041, d042, d043, d044, d045, d046, d047;
    byte d048, d049, d050, d051, d052, d053, d054, d055, d056, d057, d058, d059, d060, d061, d062, d063;
    byte d064, d065, d066, d067, d068, d069, d070, d071, d072, d073, d074, d075, d076, d077, d078, d079;
    byte d080, d081, d082, d083, d084, d085, d086, d087, d088, d089, d090, d091, d092, d093, d094, d095;
    byte d096, d097, d098, d099, d100, d101, d102, d103, d104, d105, d106, d107, d108, d109, d110, d111;
    byte d112, d113, d114, d115, d116, d117, d118, d119, d120, d121, d122, d123, d124, d125, d126, d127;

    IndexCheckPad3(int capacity) {
        super(capacity);
    }
}

/**
 * The "before" of the SPSC ring's slot checks: {@code SpscRingQueue}'s offer, poll, peek, fill, drain and size as
 * they were up to commit ac02a48, a Lamport ring with cached indices. The consumer keeps the last producer index
 * it read and reads the real one (acquire) when it catches up with it; the producer keeps a limit (consumer index +
 * capacity) and reads the consumer index when it reaches it; each side publishes its index with a release store
 * after every element (fill and drain once per batch). Measured next to the real ring in the same run. No
 * iterator: the benchmarks do not need one.
 *
 * @param <E> the element type
 */
public final class IndexCheckSpscRing<E> extends IndexCheckPad3<E> implements ConcurrentQueue<E> {

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(IndexCheckProducer.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(IndexCheckConsumer.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** @param capacity a power of two */
    public IndexCheckSpscRing(int capacity) {
        super(capacity);
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
    }

    @Override
    public int capacity() {
        return mask + 1;
    }

    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "null element");
        long index = producerIndex; // plain: ours
        if (index >= producerLimit) {
            // acquire: pairs with the consumer's release of its index; the slots below it are free
            long limit = (long) CONSUMER_INDEX.getAcquire(this) + capacity();
            if (index >= limit) {
                return false;
            }
            producerLimit = limit; // plain: ours
        }
        SLOT.setRelease(buffer, (int) index & mask, e); // release: for an iterator, as the ring had it
        PRODUCER_INDEX.setRelease(this, index + 1); // release: the element before the index that announces it
        return true;
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        long start = producerIndex; // plain: ours
        long room = producerLimit - start;
        if (room < limit) {
            // acquire: as in offer, at most once per batch
            producerLimit = (long) CONSUMER_INDEX.getAcquire(this) + capacity();
            room = producerLimit - start;
        }
        long end = start + Math.min(room, limit);
        long index = start;
        try {
            while (index < end) {
                SLOT.setRelease(buffer, (int) index & mask, supplier.get()); // release: as in offer
                index++;
            }
        } finally {
            if (index != start) {
                PRODUCER_INDEX.setRelease(this, index); // release: one for the batch
            }
        }
        return (int) (end - start);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        long index = consumerIndex; // plain: ours
        if (index >= cachedProducerIndex && !refreshProducerIndex(index)) {
            return null;
        }
        int slot = (int) index & mask;
        E e = (E) buffer[slot]; // plain: published by the acquire of the producer index
        buffer[slot] = null; // plain: ordered before the producer's overwrite by the release below
        CONSUMER_INDEX.setRelease(this, index + 1); // release: the read and the nulling before the slot is free
        return e;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        long index = consumerIndex; // plain: ours
        if (index >= cachedProducerIndex && !refreshProducerIndex(index)) {
            return null;
        }
        return (E) buffer[(int) index & mask]; // plain: published as in poll
    }

    @Override
    @SuppressWarnings("unchecked")
    public int drain(Consumer<? super E> consumer, int limit) {
        long start = consumerIndex; // plain: ours
        long available = cachedProducerIndex - start;
        if (available < limit) {
            // acquire: as in poll, at most once per batch
            cachedProducerIndex = (long) PRODUCER_INDEX.getAcquire(this);
            available = cachedProducerIndex - start;
        }
        long end = start + Math.min(available, limit);
        long index = start;
        try {
            while (index < end) {
                int slot = (int) index & mask;
                E e = (E) buffer[slot]; // plain: published by the acquire above
                buffer[slot] = null; // plain: ours until the release below
                index++;
                consumer.accept(e);
            }
        } finally {
            if (index != start) {
                CONSUMER_INDEX.setRelease(this, index); // release: one for the batch
            }
        }
        return (int) (end - start);
    }

    private boolean refreshProducerIndex(long index) {
        long produced = (long) PRODUCER_INDEX.getAcquire(this); // acquire: pairs with the producer's release
        if (index >= produced) {
            return false;
        }
        cachedProducerIndex = produced; // plain: ours
        return true;
    }

    @Override
    public int size() {
        VarHandle.fullFence(); // as the ring had it: its own index store visible before it reads the other one
        long after = (long) CONSUMER_INDEX.getAcquire(this);
        while (true) {
            long before = after;
            long produced = (long) PRODUCER_INDEX.getAcquire(this);
            after = (long) CONSUMER_INDEX.getAcquire(this);
            if (before == after) {
                return (int) Math.max(0, Math.min(produced - after, capacity()));
            }
        }
    }

    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("a benchmark variant: no iterator");
    }
}
