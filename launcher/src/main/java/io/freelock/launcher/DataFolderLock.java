package io.freelock.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One launcher per data folder: an exclusive lock on {@value #FILE} in it, taken before the framework cache is
 * touched and held until the process ends (the operating system lets go of it however the process ends, kill -9
 * too). A second launcher on the same folder is refused at once, told which process holds it, instead of cleaning
 * the framework cache under the running one and failing later on the journal's database.
 */
final class DataFolderLock implements AutoCloseable {

    static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @return the lock, held
     * @throws InUseException if another process (or this one) holds it, naming the holder's process id when known
     */
    static DataFolderLock acquire(Path data) throws IOException {
        Files.createDirectories(data);
        Path file = data.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null;
        }
        if (lock == null) {
            String holder = holder(file);
            channel.close();
            throw new InUseException("data folder " + data.toAbsolutePath() + " is in use by another launcher"
                    + (holder.isEmpty() ? "" : " (process " + holder + ")")
                    + ": stop it, or give this one another folder with --data");
        }
        // Who holds it, for the message a second launcher prints; the lock, not this text, is what excludes.
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return new DataFolderLock(channel, lock);
    }

    private static String holder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException unreadable) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** The folder is locked by another launcher. */
    static final class InUseException extends IOException {
        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }
}
