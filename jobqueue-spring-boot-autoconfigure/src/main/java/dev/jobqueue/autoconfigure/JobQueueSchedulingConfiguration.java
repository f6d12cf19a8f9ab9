package dev.jobqueue.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.scheduling.DelayedJobPromoter;
import dev.jobqueue.scheduling.JobSchedule;
import dev.jobqueue.scheduling.RecurringJobBeanPostProcessor;
import dev.jobqueue.scheduling.RecurringJobScheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Promotes the delayed jobs of every known, enabled queue when they are due, and runs the
 * recurring schedules declared with {@code @RecurringJob}, as {@link JobSchedule} beans
 * or under {@code jobqueue.schedules.<name>.*}. Both use threads of their own:
 * {@code @EnableScheduling} is never switched on.
 */
@Configuration(proxyBeanMethods = false)
class JobQueueSchedulingConfiguration {

	/**
	 * How long a promoter with no delayed job in sight waits before it looks again, in
	 * case a wake-up message was lost while its subscription reconnected.
	 */
	private static final Duration IDLE_CHECK = Duration.ofSeconds(60);

	@Bean
	@ConditionalOnMissingBean
	DelayedJobPromoter delayedJobPromoter(JobWorkerProtocol workerProtocol, JobQueueCatalog catalog,
			RedisConnectionFactory connectionFactory) {
		return new DelayedJobPromoter(workerProtocol, catalog::getEnabledQueueNames, connectionFactory,
				Clock.systemUTC(), IDLE_CHECK);
	}

	@Bean
	@ConditionalOnMissingBean
	static RecurringJobBeanPostProcessor recurringJobBeanPostProcessor() {
		return new RecurringJobBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	RecurringJobScheduler recurringJobScheduler(JobQueueOperations operations, JobQueueAdmin admin,
			RecurringJobBeanPostProcessor annotated, ObjectProvider<JobSchedule> beans, JobQueueProperties properties) {
		return new RecurringJobScheduler(operations, admin, () -> {
			List<JobSchedule> schedules = new ArrayList<>(annotated.getSchedules());
			beans.orderedStream().forEach(schedules::add);
			schedules.addAll(PropertySchedules.schedules(properties));
			return schedules;
		}, Clock.systemUTC());
	}

}
