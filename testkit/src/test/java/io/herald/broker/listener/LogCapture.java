package io.herald.broker.listener;

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
 * A JUnit 5 extension that records what one logger (and its children) writes during each test, as
 * {@code LEVEL message} lines. Threads: the appender is called from any thread; lines is thread-safe.
 */
final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final String loggerName;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            lines.add(e.getLevel() + " " + e.getFormattedMessage());
        }
    };

    LogCapture(String loggerName) {
        this.loggerName = loggerName;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        appender.start();
        ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
        appender.stop();
    }

    List<String> lines() {
        return lines;
    }
}
