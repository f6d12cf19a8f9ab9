package dev.jobqueue.docs.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.jobqueue.JobRecord;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the plain-code example of docs/core-api.md against a Redis this test starts. */
class PlainQueueUsageTests {

	@Test
	void exampleRunsTheFirstJobItEnqueues() {
		try (RedisTestServer redis = RedisTestServers.startOwned(RedisServerOptions.defaults())) {
			LettuceConnectionFactory connections = redis.newConnectionFactory();
			try {
				Optional<JobRecord> record = new PlainQueueUsage(new StringRedisTemplate(connections))
					.run(List.of(Map.of("kind", "email", "recipient", "bob@example.com")));
				assertThat(record).hasValueSatisfying((job) -> {
					assertThat(job.status()).isEqualTo("completed");
					assertThat(job.result()).isEqualTo("{\"sent\":true}");
				});
			}
			finally {
				connections.destroy();
			}
		}
	}

}
