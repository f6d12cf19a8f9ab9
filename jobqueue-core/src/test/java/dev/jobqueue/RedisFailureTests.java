package dev.jobqueue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With Redis down, errors say which operation failed against which Redis.
 */
class RedisFailureTests {

	@Test
	void errorsNameTheOperationTheQueueAndTheServer() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		factory.afterPropertiesSet();
		factory.start();
		JobQueueClients clients = JobQueueClients.builder(new StringRedisTemplate(factory)).build();
		try {
			assertThatExceptionOfType(JobQueueException.class).isThrownBy(() -> clients.template().enqueue("mail", 1))
				.withMessageStartingWith("enqueue on queue 'mail' failed against Redis redis://127.0.0.1:" + port);
			assertThatExceptionOfType(JobQueueException.class)
				.isThrownBy(() -> clients.workerProtocol().claim("mail", Duration.ofMillis(100)))
				.withMessageStartingWith("claim on queue 'mail' failed against Redis redis://127.0.0.1:" + port);
			assertThatExceptionOfType(JobQueueException.class).isThrownBy(() -> clients.admin().reclaimStuck("mail"))
				.withMessageStartingWith("reclaim on queue 'mail'");
		}
		finally {
			clients.destroy();
			factory.destroy();
		}
	}

}
