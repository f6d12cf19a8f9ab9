package dev.jobqueue.worker;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what some of the worker classes log, to count and read the lines in tests.
 */
final class CapturedLog implements AutoCloseable {

	private final List<Logger> loggers;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private CapturedLog(List<Logger> loggers) {
		this.loggers = loggers;
		this.appender.start();
		for (Logger logger : loggers) {
			logger.addAppender(this.appender);
		}
	}

	static CapturedLog of(Class<?>... sources) {
		List<Logger> loggers = java.util.Arrays.stream(sources)
			.map((source) -> (Logger) LoggerFactory.getLogger(source))
			.toList();
		return new CapturedLog(loggers);
	}

	List<ILoggingEvent> events() {
		synchronized (this.appender) {
			return List.copyOf(this.appender.list);
		}
	}

	List<ILoggingEvent> events(Class<?> source, Level level) {
		return events().stream()
			.filter((event) -> event.getLoggerName().equals(source.getName()) && event.getLevel() == level)
			.toList();
	}

	List<ILoggingEvent> containing(String text) {
		return events().stream().filter((event) -> event.getFormattedMessage().contains(text)).toList();
	}

	@Override
	public void close() {
		for (Logger logger : this.loggers) {
			logger.detachAppender(this.appender);
		}
		this.appender.stop();
	}

}
