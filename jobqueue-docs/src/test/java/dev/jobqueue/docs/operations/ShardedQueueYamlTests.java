package dev.jobqueue.docs.operations;

import java.io.IOException;

import dev.jobqueue.autoconfigure.JobQueueProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binds the sharded queue of docs/operations.md: six shards of {@code orders}, with four
 * workers per sub-queue.
 */
class ShardedQueueYamlTests {

	@Test
	void theDocumentedShardedQueueBinds() throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		new YamlPropertySourceLoader().load("sharded-queue", new ClassPathResource("sharded-queue.yml"))
			.forEach(environment.getPropertySources()::addLast);
		JobQueueProperties properties = new Binder(ConfigurationPropertySources.get(environment))
			.bind("jobqueue", JobQueueProperties.class)
			.get();
		JobQueueProperties.Queue orders = properties.getQueues().get("orders");
		assertThat(orders.getShards()).isEqualTo(6);
		assertThat(orders.getWorker().getConcurrency()).isEqualTo(4);
	}

}
