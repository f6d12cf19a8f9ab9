package dev.jobqueue.boot.test;

import java.util.Map;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.launcher.RedisServerProcess;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static dev.jobqueue.boot.test.JobQueueAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureTestRedis @AutoConfigureTestRedis}: the application talks
 * to a Redis of its own (a container when Docker answers, else a local process) and jobs
 * run on it.
 */
@SpringBootTest(properties = "spring.data.redis.url=redis://127.0.0.1:1") // overridden
@AutoConfigureTestRedis
class AutoConfigureTestRedisTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JobQueueOperations jobs;

	@Autowired
	private JobQueueTester tester;

	@Test
	void theApplicationUsesTheRedisOfTheTestAndRunsJobsOnIt() {
		DataRedisConnectionDetails details = this.context.getBean(DataRedisConnectionDetails.class);
		LettuceConnectionFactory factory = (LettuceConnectionFactory) this.context
			.getBean(RedisConnectionFactory.class);
		assertThat(factory.getPort()).isEqualTo(details.getStandalone().getPort()).isNotEqualTo(6379);
		if (!TestRedisConfiguration.dockerAnswers()) {
			RedisServerProcess server = this.context.getBean(RedisServerProcess.class);
			assertThat(server.isAlive()).isTrue();
			assertThat(factory.getPort()).isEqualTo(server.port());
		}
		String id = this.jobs.enqueue("echo", Map.of("text", "hi"));
		assertThat(this.tester.awaitJob("echo", id)).isCompleted().result(String.class).isEqualTo("\"hi\"");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EchoApplication {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	static class Echo {

		@JobHandler(queue = "echo")
		String echo(Map<String, String> payload) {
			return payload.get("text");
		}

	}

}
