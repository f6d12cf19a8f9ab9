package dev.jobqueue.dashboard.autoconfigure;

import java.util.Set;

import dev.jobqueue.dashboard.DashboardAccess;
import dev.jobqueue.dashboard.ValuesShown;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The console's access rules, with and without Spring Security: with it, acting needs the
 * configured role; without it, actions stay off unless the application acknowledges that
 * anyone reaching the console can act.
 */
final class DashboardAccessConfiguration {

	static final String SPRING_SECURITY = "org.springframework.security.web.SecurityFilterChain";

	private static final Log logger = LogFactory.getLog(DashboardAccessConfiguration.class);

	private DashboardAccessConfiguration() {
	}

	static DashboardAccess access(JobQueueDashboardProperties properties, Environment environment, boolean security) {
		Binder binder = Binder.get(environment);
		// jobqueue.endpoint.*, as the actuator endpoint reads it; the deprecated
		// management.endpoint.jobqueue.* names still count for one release
		ValuesShown shown = binder.bind("jobqueue.endpoint.show-values", ValuesShown.class)
			.orElseGet(() -> binder.bind("management.endpoint.jobqueue.show-values", ValuesShown.class)
				.orElse(ValuesShown.NEVER));
		Set<String> roles = binder.bind("jobqueue.endpoint.roles", Bindable.setOf(String.class))
			.orElseGet(() -> binder.bind("management.endpoint.jobqueue.roles", Bindable.setOf(String.class))
				.orElse(Set.of()));
		JobQueueDashboardProperties.Actions actions = properties.getActions();
		boolean on = actions.isEnabled() && (security || actions.isAllowWithoutSpringSecurity());
		if (actions.isEnabled() && !on) {
			logger.warn("jobqueue.dashboard.actions.enabled is true but Spring Security is absent, so the console "
					+ "stays read-only: anyone reaching it could act. Add Spring Security, or set "
					+ "jobqueue.dashboard.actions.allow-without-spring-security=true if something else guards "
					+ properties.getPath());
		}
		return new DashboardAccess(shown, roles, on, security ? actions.getRole() : null);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SPRING_SECURITY)
	static class WithSpringSecurity {

		@Bean
		@ConditionalOnMissingBean
		DashboardAccess jobQueueDashboardAccess(JobQueueDashboardProperties properties, Environment environment) {
			return access(properties, environment, true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(SPRING_SECURITY)
	static class WithoutSpringSecurity {

		@Bean
		@ConditionalOnMissingBean
		DashboardAccess jobQueueDashboardAccess(JobQueueDashboardProperties properties, Environment environment) {
			return access(properties, environment, false);
		}

	}

}
