package dev.jobqueue.autoconfigure;

import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisEvictionPolicyCheck}: the startup warning when Redis may evict
 * queue keys.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisEvictionPolicyCheckTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withPropertyValues("jobqueue.worker.enabled=false", "jobqueue.reclaimer.enabled=false");

	@Test
	void warnsAtStartupNamingThePolicyWhenRedisMayEvictKeys(CapturedOutput output) {
		try (RedisTestServer server = RedisTestServers
			.startOwned(RedisServerOptions.defaults().withMaxmemoryPolicy("allkeys-lru"))) {
			this.contextRunner.withPropertyValues("spring.data.redis.url=" + server.uri()).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("WARN")
					.contains("Redis maxmemory-policy is allkeys-lru, not noeviction")
					.contains("jobs would be lost");
			});
		}
	}

	@Test
	void saysNothingWhenRedisNeverEvicts(CapturedOutput output) {
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults())) {
			this.contextRunner.withPropertyValues("spring.data.redis.url=" + server.uri()).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("maxmemory-policy");
			});
		}
	}

	@Test
	void readsThePolicyFromInfoWhenConfigIsRefused(CapturedOutput output) {
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults()
			.withMaxmemoryPolicy("volatile-ttl")
			.withArgs("--rename-command", "CONFIG", ""))) {
			this.contextRunner.withPropertyValues("spring.data.redis.url=" + server.uri()).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Redis maxmemory-policy is volatile-ttl, not noeviction");
			});
		}
	}

	@Test
	void neverFailsStartupWhenRedisCannotBeReached(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("maxmemory-policy is");
		});
	}

}
