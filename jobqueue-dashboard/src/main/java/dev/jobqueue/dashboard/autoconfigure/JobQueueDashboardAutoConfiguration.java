package dev.jobqueue.dashboard.autoconfigure;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.dashboard.DashboardAccess;
import dev.jobqueue.dashboard.DashboardActionController;
import dev.jobqueue.dashboard.DashboardApiController;
import dev.jobqueue.dashboard.DashboardAssets;
import dev.jobqueue.dashboard.DashboardErrors;
import dev.jobqueue.dashboard.DashboardHeadersInterceptor;
import dev.jobqueue.dashboard.DashboardOperations;
import dev.jobqueue.dashboard.DashboardPageController;
import dev.jobqueue.dashboard.InstanceRegistry;
import dev.jobqueue.dashboard.MinuteCounters;
import dev.jobqueue.scheduling.RecurringJobScheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the jobqueue dashboard in a Spring MVC application, at
 * {@code jobqueue.dashboard.path}. Read-only unless {@code jobqueue.dashboard.actions.*}
 * says otherwise; payloads follow {@code jobqueue.endpoint.show-values}.
 */
@AutoConfiguration(after = JobQueueHeartbeatAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean({ JobQueueOperations.class, JobQueueAdmin.class, JobQueueCatalog.class, InstanceRegistry.class })
@ConditionalOnBooleanProperty(name = "jobqueue.dashboard.enabled", matchIfMissing = true)
@Import({ DashboardAccessConfiguration.WithSpringSecurity.class,
		DashboardAccessConfiguration.WithoutSpringSecurity.class })
public final class JobQueueDashboardAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DashboardOperations jobQueueDashboardOperations(JobQueueOperations operations, JobQueueAdmin admin,
			JobQueueCatalog catalog, RedisConnectionFactory connectionFactory, JobQueueDashboardProperties properties,
			ObjectProvider<RecurringJobScheduler> scheduler) {
		DashboardSettings.validate(properties);
		Set<String> extra = Set.copyOf(properties.getQueues());
		return new DashboardOperations(operations, admin, new StringRedisTemplate(connectionFactory), () -> {
			Set<String> names = new TreeSet<>(catalog.getQueueNames());
			names.addAll(extra);
			return names;
		}, scheduler.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	MinuteCounters jobQueueMinuteCounters(RedisConnectionFactory connectionFactory, DashboardOperations operations) {
		return new MinuteCounters(new StringRedisTemplate(connectionFactory), operations::keys, Clock.systemUTC());
	}

	@Bean
	DashboardPageController jobQueueDashboardPageController(DashboardAccess access,
			JobQueueDashboardProperties properties) {
		return new DashboardPageController(new DashboardAssets(), access, properties.getPath(),
				properties.getRefreshInterval());
	}

	@Bean
	DashboardApiController jobQueueDashboardApiController(DashboardOperations operations, MinuteCounters counters,
			InstanceRegistry instances, DashboardAccess access, JobQueueDashboardProperties properties) {
		return new DashboardApiController(operations, counters, instances, access, properties.getPageSize(),
				Clock.systemUTC());
	}

	@Bean
	DashboardActionController jobQueueDashboardActionController(DashboardOperations operations,
			DashboardAccess access) {
		return new DashboardActionController(operations, access);
	}

	@Bean
	DashboardErrors jobQueueDashboardErrors() {
		return new DashboardErrors();
	}

	@Bean
	WebMvcConfigurer jobQueueDashboardHeaders(JobQueueDashboardProperties properties) {
		String path = properties.getPath();
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new DashboardHeadersInterceptor()).addPathPatterns(path, path + "/**");
			}

		};
	}

}
