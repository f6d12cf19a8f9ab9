package dev.jobqueue.autoconfigure;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.worker.JobQueueReclaimer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sweeps every known, enabled queue on its {@code reclaim-interval}, on the reclaimer's
 * own thread (interval {@code jobqueue.reclaimer.interval}): {@code @EnableScheduling} is
 * never switched on, so the application's {@code @Scheduled} methods stay as the
 * application configured them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "jobqueue.reclaimer.enabled", matchIfMissing = true)
class JobQueueReclaimerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobQueueReclaimer jobQueueReclaimer(JobQueueAdmin admin, JobQueueCatalog catalog) {
		return new JobQueueReclaimer(admin, catalog::getEnabledQueueNames, catalog.getSettings()::getReclaimInterval);
	}

}
