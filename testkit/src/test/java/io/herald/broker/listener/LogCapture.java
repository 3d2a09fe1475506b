package io.herald.broker.listener;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * A JUnit 5 extension that records what one logger (and its children) writes during each test, down to
 * DEBUG, as {@code LEVEL message} lines (instead of printing them). Threads: the appender is called from any thread; lines is thread-safe.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final String loggerName;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            lines.add(e.getLevel() + " " + e.getFormattedMessage());
        }
    };

    public LogCapture(String loggerName) {
        this.loggerName = loggerName;
    }

    private Level levelBefore;

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG); // the tests' root level is WARN: what is logged below it is tested too
        logger.setAdditive(false); // recorded, not printed
        logger.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        logger.detachAppender(appender);
        logger.setAdditive(true);
        logger.setLevel(levelBefore);
        appender.stop();
    }

    public List<String> lines() {
        return lines;
    }
}
