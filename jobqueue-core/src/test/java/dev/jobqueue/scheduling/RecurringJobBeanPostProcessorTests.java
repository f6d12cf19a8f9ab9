package dev.jobqueue.scheduling;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import dev.jobqueue.annotation.JobHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of {@link RecurringJobBeanPostProcessor}: attributes resolved, defaults applied,
 * invalid values fail at startup naming the method.
 */
class RecurringJobBeanPostProcessorTests {

	@Test
	void schedulesAreReadFromHandlerMethodsWithPlaceholders() {
		try (AnnotationConfigApplicationContext context = context(Valid.class)) {
			RecurringJobBeanPostProcessor processor = context.getBean(RecurringJobBeanPostProcessor.class);

			assertThat(processor.getSchedules()).containsExactlyInAnyOrder(
					JobSchedule.cron("nightly", "reports", "0 0 2 * * *", ZoneId.of("Europe/Paris"),
							"{\"kind\":\"daily\"}"),
					JobSchedule.fixedRate("Handlers.ping", "pings", Duration.ofSeconds(10), "{\"ping\":true}")
						.withMissedTicks(MissedTickPolicy.SKIP));
		}
	}

	@Test
	void dashSwitchesAScheduleOff() {
		try (AnnotationConfigApplicationContext context = context(Off.class)) {
			assertThat(context.getBean(RecurringJobBeanPostProcessor.class).getSchedules()).isEmpty();
		}
	}

	@Test
	void invalidCronFailsNamingTheMethod() {
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> context(BadCron.class))
			.havingCause()
			.withMessageContaining("BadCron$Handlers.run")
			.withMessageContaining("cron of schedule");
	}

	private static AnnotationConfigApplicationContext context(Class<?> configuration) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("reports.zone", "Europe/Paris", "off", "-")));
		context.register(Processor.class, configuration);
		context.refresh();
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	static class Processor {

		@Bean
		static RecurringJobBeanPostProcessor recurringJobBeanPostProcessor() {
			return new RecurringJobBeanPostProcessor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Valid {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

		static class Handlers {

			@JobHandler(queue = "reports", kind = "daily")
			@RecurringJob(name = "nightly", cron = "0 0 2 * * *", zone = "${reports.zone}")
			void report() {
			}

			@JobHandler("pings")
			@RecurringJob(rate = "10s", payload = "{\"ping\":true}", missedTicks = "skip")
			void ping() {
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Off {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

		static class Handlers {

			@JobHandler("reports")
			@RecurringJob(cron = "${off}")
			void report() {
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadCron {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

		static class Handlers {

			@JobHandler("reports")
			@RecurringJob(cron = "0 0 25 * * *")
			void run() {
			}

		}

	}

}
