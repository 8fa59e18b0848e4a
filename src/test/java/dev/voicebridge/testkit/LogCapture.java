package dev.voicebridge.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/** Captures every log event of the JVM (all loggers, down to DEBUG for the bridge) while open. */
public final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger bridge = (Logger) LoggerFactory.getLogger("dev.voicebridge");
  private final Level bridgeLevel = bridge.getLevel();
  /**
   * Logback's ListAppender adds to a plain ArrayList, so reading it while a Vert.x thread logs threw
   * ConcurrentModificationException; a concurrent queue lets a test read while the bridge keeps logging.
   */
  private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }
  };

  public LogCapture() {
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
    bridge.setLevel(Level.DEBUG);
  }

  /** Each event as a line: level, logger, formatted message and stack trace. */
  public List<String> lines() {
    return events.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
  }

  public List<String> lines(Level atLeast) {
    return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    bridge.setLevel(bridgeLevel);
  }
}
