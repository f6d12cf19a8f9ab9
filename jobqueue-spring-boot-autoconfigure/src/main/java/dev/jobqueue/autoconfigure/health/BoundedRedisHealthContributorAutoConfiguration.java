package dev.jobqueue.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that replaces Spring Boot's {@code redis} health contributor with a
 * {@link BoundedRedisHealthIndicator}, so the aggregate {@code /actuator/health} answers
 * DOWN within a bound during a network black hole instead of waiting for Lettuce's
 * command timeout. Backs off when the application defines a {@code redisHealthIndicator}
 * or {@code redisHealthContributor} bean, when {@code management.health.redis.enabled} is
 * false, or when {@code jobqueue.health.bounded-redis} is false (Boot's own indicator
 * then applies).
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		beforeName = {
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration" })
@ConditionalOnClass({ HealthIndicator.class, DataRedisHealthIndicator.class,
		ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnEnabledHealthIndicator("redis")
@ConditionalOnBooleanProperty(name = "jobqueue.health.bounded-redis", matchIfMissing = true)
public final class BoundedRedisHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
	@ConditionalOnMissingBean(name = { "redisHealthIndicator", "redisHealthContributor" })
	BoundedRedisHealthIndicator redisHealthContributor(RedisConnectionFactory connectionFactory) {
		return new BoundedRedisHealthIndicator(new DataRedisHealthIndicator(connectionFactory));
	}

}
