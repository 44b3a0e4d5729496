package io.freelock.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.freelock.queue.QueueSpec;

class QueueInternalsTest {

    @ParameterizedTest
    @CsvSource({"1,1,1", "1,2,2", "2,1,2", "3,1,4", "4,2,4", "5,2,8", "1024,1,1024", "1025,2,2048"})
    void aRingIsTheNextPowerOfTwoAndAtLeastTheLeastTheQueueWorksWith(int requested, int least, int ring) {
        assertEquals(ring, Rings.size(requested, least));
    }

    @Test
    void aRingOutsideTheSpecsRangeIsRefusedNamingIt() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Rings.size(0, 1));
        assertTrue(zero.getMessage().contains("capacity 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rings.size(QueueSpec.MAX_CAPACITY + 1, 1));
        assertEquals(QueueSpec.MAX_CAPACITY, Rings.size(QueueSpec.MAX_CAPACITY, 2));
    }

    @Test
    void aWaiterSpinsItsFirstRoundsThenYieldsWithoutCountingFurther() {
        int round = 0;
        for (int i = 0; i < Pause.SPINS; i++) {
            assertEquals(i + 1, round = Pause.next(round));
        }
        assertEquals(Pause.SPINS, Pause.next(round)); // a yield: the round stays where it is, so it never overflows
        assertEquals(Pause.SPINS, Pause.next(Pause.SPINS));
    }

    @Test
    void batchArgumentsAreCheckedNullFirst() {
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Batches.check(null, "supplier", -1));
        assertEquals("null supplier", npe.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Batches.check(new Object(), "consumer", -1));
        assertEquals("limit -1 is negative", negative.getMessage());
        Batches.check(new Object(), "consumer", 0);
    }

    @Test
    void removeAllAndRetainAllFiltersCheckTheirCollectionFirstAndSplitTheElements() {
        assertThrows(NullPointerException.class, () -> Removal.containedIn(null));
        assertThrows(NullPointerException.class, () -> Removal.notContainedIn(null));
        assertTrue(Removal.containedIn(java.util.List.of(1, 2)).test(2));
        assertFalse(Removal.containedIn(java.util.List.of(1, 2)).test(3));
        assertFalse(Removal.notContainedIn(java.util.List.of(1, 2)).test(2));
        assertTrue(Removal.notContainedIn(java.util.List.of(1, 2)).test(3));
    }
}
