package io.freelock.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderLockTest {

    @TempDir
    Path data;

    @Test
    void aSecondHolderIsRefusedNamingTheFolderAndTheProcessThatHoldsIt() throws Exception {
        try (DataFolderLock first = DataFolderLock.acquire(data)) {
            DataFolderLock.InUseException refused = assertThrows(DataFolderLock.InUseException.class,
                    () -> DataFolderLock.acquire(data));
            assertEquals("data folder " + data.toAbsolutePath() + " is in use by another launcher (process "
                    + ProcessHandle.current().pid() + "): stop it, or give this one another folder with --data",
                    refused.getMessage());
        }
    }

    @Test
    void theFolderIsFreeAgainOnceReleased() throws Exception {
        DataFolderLock.acquire(data).close();
        DataFolderLock.acquire(data).close(); // no InUseException
    }
}
