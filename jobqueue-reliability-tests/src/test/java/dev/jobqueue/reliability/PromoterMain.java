package dev.jobqueue.reliability;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.scheduling.DelayedJobPromoter;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A process that only promotes delayed jobs of one queue with a
 * {@link DelayedJobPromoter}, started by {@link DelayedPromotionCrashTests} and killed
 * with SIGKILL while it promotes. Arguments: {@code port queue}. Prints {@code READY}
 * once its promoter runs.
 */
public final class PromoterMain {

	private PromoterMain() {
	}

	/**
	 * Runs the promoter until the process is killed.
	 * @param args port and queue
	 * @throws InterruptedException never in practice; the process is killed
	 */
	public static void main(String[] args) throws InterruptedException {
		int port = Integer.parseInt(args[0]);
		String queue = args[1];
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		JobQueueClients clients = JobQueueClients.builder(new StringRedisTemplate(factory)).build();
		DelayedJobPromoter promoter = new DelayedJobPromoter(clients.workerProtocol(), () -> List.of(queue), factory,
				Clock.systemUTC(), Duration.ofSeconds(30));
		promoter.start();
		clients.admin().stats(queue);
		System.out.println("READY " + ProcessHandle.current().pid());
		Thread.currentThread().join();
	}

}
