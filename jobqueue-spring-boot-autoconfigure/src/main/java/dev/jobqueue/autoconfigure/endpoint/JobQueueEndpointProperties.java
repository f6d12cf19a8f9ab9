package dev.jobqueue.autoconfigure.endpoint;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code jobqueue} actuator endpoint. Its access and exposure are
 * Boot's own {@code management.endpoint.jobqueue.access} and
 * {@code management.endpoints.web.exposure.include}; what it shows is configured here,
 * outside the {@code management.*} namespace Boot reserves for itself.
 */
@ConfigurationProperties("jobqueue.endpoint")
public class JobQueueEndpointProperties {

	/**
	 * When to show job payloads and results; otherwise they read as ******.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles that may see payloads and results when show-values is when-authorized; empty
	 * means any authenticated user.
	 */
	private Set<String> roles = new LinkedHashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
