package dev.jobqueue.docs.scheduling;

import java.io.IOException;
import java.util.List;

import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.scheduling.RecurringJobScheduler;
import dev.jobqueue.scheduling.ScheduleState;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the starter with the {@code jobqueue.schedules} of docs/scheduling.md against a
 * real Redis: both schedules bind, validate and run, and {@code enabled} switches one
 * off.
 */
class SchedulesYamlTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withInitializer((context) -> {
			try {
				for (PropertySource<?> source : new YamlPropertySourceLoader().load("schedules",
						new ClassPathResource("schedules.yml"))) {
					context.getEnvironment().getPropertySources().addLast(source);
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		})
		.withPropertyValues("spring.data.redis.url=" + RedisTestServers.shared().uri());

	@Test
	void theDocumentedSchedulesRun() {
		this.contextRunner.run((context) -> {
			List<ScheduleState> states = context.getBean(RecurringJobScheduler.class).getScheduleStates();
			assertThat(states).extracting(ScheduleState::name).containsExactly("nightly-report", "cache-warmup");
			assertThat(states.get(0).trigger()).isEqualTo("0 0 2 * * * (Europe/Paris)");
			assertThat(states.get(1).trigger()).isEqualTo("every PT5M");
		});
	}

	@Test
	void enabledFalseSwitchesAScheduleOff() {
		this.contextRunner.withPropertyValues("CACHE_WARMUP=false").run((context) -> {
			List<ScheduleState> states = context.getBean(RecurringJobScheduler.class).getScheduleStates();
			assertThat(states).extracting(ScheduleState::name).containsExactly("nightly-report");
		});
	}

}
