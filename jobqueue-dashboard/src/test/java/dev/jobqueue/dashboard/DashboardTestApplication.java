package dev.jobqueue.dashboard;

import dev.jobqueue.annotation.JobHandler;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application that mounts the console behind Spring Security, as a user's would: every
 * page open to anyone, a login form and HTTP Basic, CSRF on, an {@code admin} with the
 * console's role and a {@code viewer} without it. It also works one queue with a
 * {@code @JobHandler}, so it shows as an instance in the console.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DashboardTestApplication.Security.class)
class DashboardTestApplication {

	static final String ADMIN_PASSWORD = "admin-password";

	static final String VIEWER_PASSWORD = "viewer-password";

	@JobHandler(queue = "${test.work-queue}")
	String work(String payload) {
		if (payload.contains("fail")) {
			throw new IllegalStateException("asked to fail: " + payload);
		}
		return "done " + payload;
	}

	@Configuration(proxyBeanMethods = false)
	static class Security {

		@Bean
		SecurityFilterChain dashboardTestSecurity(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.formLogin(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService dashboardTestUsers() {
			return new InMemoryUserDetailsManager(
					User.withUsername("admin").password("{noop}" + ADMIN_PASSWORD).roles("JOBQUEUE_ADMIN").build(),
					User.withUsername("viewer").password("{noop}" + VIEWER_PASSWORD).roles("OPS").build());
		}

	}

}
