package dev.jobqueue.reliability;

import java.util.ArrayList;
import java.util.List;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueAdmin;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application with the jobqueue starter and the actuator, started inside
 * the test JVM with the given {@code @JobHandler} classes and properties, as a user's
 * application would be.
 */
final class StarterApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private StarterApp(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the application.
	 * @param sources configuration or component classes to add (handlers)
	 * @param properties {@code name=value} pairs
	 * @return the running application
	 */
	static StarterApp start(List<Class<?>> sources, String... properties) {
		List<Class<?>> all = new ArrayList<>();
		all.add(Application.class);
		all.addAll(sources);
		List<String> props = new ArrayList<>(List.of("logging.level.root=WARN", "spring.main.banner-mode=off"));
		props.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(props.toArray(String[]::new))
			.run();
		return new StarterApp(context);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	<T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	JobQueueOperations operations() {
		return bean(JobQueueOperations.class);
	}

	JobQueueAdmin admin() {
		return bean(JobQueueAdmin.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * The application: auto-configuration only, no component scanning, so each test
	 * chooses its handlers.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
