package dev.jobqueue.sample;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import dev.jobqueue.launcher.RedisExecutables;
import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Makes the demo run with nothing but a JDK: when no Redis answers at
 * {@code spring.data.redis.host} and {@code port}, starts the {@code redis-server} binary
 * shipped in {@code com.github.codemonstur:embedded-redis} on a free loopback port,
 * points {@code spring.data.redis.*} at it, says so in the log (and through
 * {@link RedisOrigin}, on the page), and stops it when the context closes.
 * {@code sample.embedded-redis=never} turns this off and {@code always} skips the probe;
 * a configured {@code spring.data.redis.url} is always used as it is. Registered in
 * {@code META-INF/spring.factories}, so it runs before any Redis bean is created.
 */
public final class EmbeddedRedisInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String PROPERTY_SOURCE_NAME = "sampleEmbeddedRedis";

	static final String EMBEDDED_SERVER_BEAN_NAME = "sampleEmbeddedRedisServer";

	// a refused connection ends the probe at once; the timeout is for a busy or distant
	// Redis
	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * How long the JVM shutdown hook leaves the context to close (its workers drain while
	 * Redis still runs) before it stops the server itself.
	 */
	private static final Duration CONTEXT_CLOSE_GRACE = Duration.ofSeconds(60);

	private static final Log logger = LogFactory.getLog(EmbeddedRedisInitializer.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		RedisOrigin origin = resolve(environment, context);
		context.getBeanFactory().registerSingleton(RedisOrigin.BEAN_NAME, origin);
	}

	private RedisOrigin resolve(ConfigurableEnvironment environment, ConfigurableApplicationContext context) {
		String mode = environment.getProperty("sample.embedded-redis", "auto").trim().toLowerCase(Locale.ROOT);
		String host = environment.getProperty("spring.data.redis.host", "localhost");
		int port = environment.getProperty("spring.data.redis.port", Integer.class, 6379);
		String url = environment.getProperty("spring.data.redis.url");
		if (StringUtils.hasText(url)) {
			URI uri = URI.create(url.trim());
			return new RedisOrigin(String.valueOf(uri.getHost()), (uri.getPort() > 0) ? uri.getPort() : 6379, false,
					"Using spring.data.redis.url.");
		}
		if ("never".equals(mode)) {
			return new RedisOrigin(host, port, false, null);
		}
		if (!"always".equals(mode)) {
			if (RedisProbe.answers(host, port, PROBE_TIMEOUT)) {
				logger.info("Using the Redis at " + host + ":" + port);
				return new RedisOrigin(host, port, false, null);
			}
		}
		String reason = "always".equals(mode) ? "sample.embedded-redis=always"
				: "no Redis answered at " + host + ":" + port;
		RedisServerProcess server = RedisServerLauncher.of(RedisExecutables.embedded())
			.name("sample-embedded-redis")
			.arguments("--maxmemory-policy", "noeviction")
			.jvmExitGrace(CONTEXT_CLOSE_GRACE)
			.start();
		int embeddedPort = server.port();
		stopWhenClosed(context, () -> stop(server));
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", embeddedPort)));
		String note = "Started the embedded Redis from com.github.codemonstur:embedded-redis on 127.0.0.1:"
				+ embeddedPort + " because " + reason + "; its data is lost when the demo stops.";
		logger.warn(note + " Set spring.data.redis.host and spring.data.redis.port to use your own Redis.");
		return new RedisOrigin("127.0.0.1", embeddedPort, true, note);
	}

	/**
	 * Stops the server after every bean is gone: registered before any other bean, its
	 * callback runs last, so no connection of the app sees Redis go away while it is
	 * still in use.
	 */
	private static void stopWhenClosed(ConfigurableApplicationContext context, Runnable stop) {
		if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(EMBEDDED_SERVER_BEAN_NAME, stop::run);
		}
		else {
			context.addApplicationListener((event) -> {
				if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
					stop.run();
				}
			});
		}
	}

	private static void stop(RedisServerProcess server) {
		server.close();
		logger.info("Stopped the embedded Redis on port " + server.port());
	}

}
