package dev.jobqueue.reliability;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A Spring context holding only Spring Boot's Redis auto-configuration, driven by
 * standard {@code spring.data.redis.*} (and {@code spring.ssl.*}) properties: the way an
 * application using the starter gets its connection to Sentinel, Cluster, an ACL user or
 * TLS.
 */
final class BootRedisContext implements AutoCloseable {

	private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

	private BootRedisContext(String... properties) {
		TestPropertyValues.of(properties).applyTo(this.context);
		this.context.register(RedisOnly.class);
		this.context.refresh();
	}

	/**
	 * Starts a context with the given properties.
	 * @param properties {@code name=value} pairs
	 * @return the refreshed context
	 */
	static BootRedisContext start(String... properties) {
		return new BootRedisContext(properties);
	}

	StringRedisTemplate redisTemplate() {
		return this.context.getBean(StringRedisTemplate.class);
	}

	RedisConnectionFactory connectionFactory() {
		return this.context.getBean(RedisConnectionFactory.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, SslAutoConfiguration.class })
	static class RedisOnly {

	}

}
