package dev.jobqueue.boot.test;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The Redis of {@link AutoConfigureTestRedis @AutoConfigureTestRedis}: a container when
 * Docker answers, else a local process.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestRedisConfiguration {

	static final String FLAVOUR_PROPERTY = "jobqueue.test.redis";

	static final String IMAGE_PROPERTY = "jobqueue.test.redis-image";

	static final String DEFAULT_IMAGE = "redis:7.4-alpine";

	private static final Log logger = LogFactory.getLog(TestRedisConfiguration.class);

	private static final Duration DOCKER_CHECK_TIMEOUT = Duration.ofSeconds(5);

	private static volatile Boolean dockerAnswers;

	@Configuration(proxyBeanMethods = false)
	@Conditional(UseContainer.class)
	static class ContainerRedis {

		@Bean
		@ServiceConnection(name = "redis")
		GenericContainer<?> jobQueueTestRedisContainer(org.springframework.core.env.Environment environment) {
			String image = environment.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
			logger.info("Test Redis: Testcontainers " + image);
			return new GenericContainer<>(DockerImageName.parse(image)).withExposedPorts(6379);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(UseLocalProcess.class)
	static class LocalRedis {

		@Bean(destroyMethod = "close")
		RedisServerProcess jobQueueTestRedisServer() {
			RedisServerProcess server = RedisServerLauncher.onPathOrEmbedded().name("jobqueue-test-redis").start();
			logger.info("Test Redis: " + server.executable() + " " + server.version() + " at " + server.address());
			return server;
		}

		@Bean
		DataRedisConnectionDetails jobQueueTestRedisConnectionDetails(RedisServerProcess server) {
			return new DataRedisConnectionDetails() {

				@Override
				public Standalone getStandalone() {
					return Standalone.of(server.host(), server.port());
				}

			};
		}

	}

	static String flavour(ConditionContext context) {
		String value = context.getEnvironment().getProperty(FLAVOUR_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
		if (!value.equals("auto") && !value.equals("testcontainers") && !value.equals("local")) {
			throw new IllegalStateException(
					FLAVOUR_PROPERTY + " must be one of auto, testcontainers, local; it is '" + value + "'");
		}
		return value;
	}

	static boolean dockerAnswers() {
		Boolean answer = dockerAnswers;
		if (answer == null) {
			answer = checkDocker();
			dockerAnswers = answer;
		}
		return answer;
	}

	/**
	 * Asks Testcontainers on a daemon thread, so that a Docker host that hangs cannot
	 * hang the tests.
	 */
	private static boolean checkDocker() {
		CompletableFuture<Boolean> answer = new CompletableFuture<>();
		Thread check = new Thread(() -> {
			try {
				answer.complete(DockerClientFactory.instance().isDockerAvailable());
			}
			catch (Throwable ex) {
				answer.complete(false);
			}
		}, "jobqueue-test-docker-check");
		check.setDaemon(true);
		check.start();
		try {
			return answer.get(DOCKER_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	static class UseContainer implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String flavour = flavour(context);
			return flavour.equals("testcontainers") || (flavour.equals("auto") && dockerAnswers());
		}

	}

	static class UseLocalProcess implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !new UseContainer().matches(context, metadata);
		}

	}

}
