package dev.jobqueue.autoconfigure.actuate;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code jobqueue} actuator endpoint.
 */
@ConfigurationProperties("management.endpoint.jobqueue")
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
