package dev.jobqueue.dashboard.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks the dashboard's properties at startup, naming the first invalid one.
 */
final class DashboardSettings {

	private DashboardSettings() {
	}

	static void validate(JobQueueDashboardProperties properties) {
		String path = properties.getPath();
		if (!path.matches("/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]")) {
			throw new InvalidConfigurationPropertyValueException("jobqueue.dashboard.path", path,
					"must start with '/', not end with one, and use only letters, digits and . _ ~ - /");
		}
		if (properties.getRefreshInterval().compareTo(Duration.ofSeconds(2)) < 0) {
			throw new InvalidConfigurationPropertyValueException("jobqueue.dashboard.refresh-interval",
					properties.getRefreshInterval(), "must be at least 2s, so that open consoles cost Redis little");
		}
		if (properties.getPageSize() < 1 || properties.getPageSize() > 200) {
			throw new InvalidConfigurationPropertyValueException("jobqueue.dashboard.page-size",
					properties.getPageSize(), "must be between 1 and 200");
		}
		if (properties.getActions().getRole().isBlank()) {
			throw new InvalidConfigurationPropertyValueException("jobqueue.dashboard.actions.role", "",
					"must not be blank");
		}
	}

}
