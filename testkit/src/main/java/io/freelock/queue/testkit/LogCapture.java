package io.freelock.queue.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What a logger and the loggers below it log while the capture is open, at a level or above. Freelock's bundles log
 * through SLF4J; a test module that puts slf4j-jdk14 on its test class path routes that to java.util.logging, where
 * a capture on {@code "io.freelock.storage.jdbc"} hears what {@code LoggerFactory.getLogger(JdbcJournalStore.class)}
 * logs (SLF4J's warn is WARNING, error is SEVERE). Use it in try-with-resources; closing it takes its handler away
 * again.
 */
public final class LogCapture implements AutoCloseable {

    /** Held for as long as the capture is open: java.util.logging keeps its loggers only weakly. */
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler;

    private LogCapture(String loggerName, Level atLeast) {
        this.logger = Logger.getLogger(loggerName);
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= atLeast.intValue()) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
    }

    /**
     * @param loggerName the logger, or the prefix of the loggers, to hear; a package name hears every class in it
     * @param atLeast the lowest level kept ({@link Level#WARNING} for what SLF4J logs as warn and error)
     */
    public static LogCapture of(String loggerName, Level atLeast) {
        return new LogCapture(loggerName, atLeast);
    }

    /** @return what was logged so far, oldest first */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** @return the messages logged so far, oldest first, with their parameters filled in */
    public List<String> messages() {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream().map(formatter::formatMessage).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
