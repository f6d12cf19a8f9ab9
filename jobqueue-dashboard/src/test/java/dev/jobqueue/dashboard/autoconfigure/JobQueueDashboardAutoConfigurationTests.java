package dev.jobqueue.dashboard.autoconfigure;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.dashboard.DashboardAccess;
import dev.jobqueue.dashboard.DashboardApiController;
import dev.jobqueue.dashboard.DashboardPageController;
import dev.jobqueue.dashboard.InstanceHeartbeat;
import dev.jobqueue.dashboard.InstanceRegistry;
import dev.jobqueue.dashboard.ValuesShown;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobQueueDashboardAutoConfiguration} and
 * {@link JobQueueHeartbeatAutoConfiguration}.
 */
class JobQueueDashboardAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(DataRedisAutoConfiguration.class,
			JobQueueAutoConfiguration.class, JobQueueHeartbeatAutoConfiguration.class,
			JobQueueDashboardAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("spring.data.redis.url=" + RedisTestServers.shared().uri());

	@Test
	void consoleIsPresentAndReadOnlyByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DashboardPageController.class)
				.hasSingleBean(DashboardApiController.class)
				.hasSingleBean(InstanceHeartbeat.class);
			DashboardAccess access = context.getBean(DashboardAccess.class);
			assertThat(access.actionsOn()).isFalse();
			assertThat(access.showsValues(new MockHttpServletRequest())).isFalse();
		});
	}

	@Test
	void actionsNeedTheSwitch() {
		this.contextRunner.withPropertyValues("jobqueue.dashboard.actions.enabled=true")
			.run((context) -> assertThat(context.getBean(DashboardAccess.class).actionsOn()).isTrue());
	}

	@Test
	void actionsStayOffWithoutSpringSecurityUnlessTheRiskIsAcknowledged() {
		FilteredClassLoader noSecurity = new FilteredClassLoader(DashboardAccessConfiguration.SPRING_SECURITY);
		this.contextRunner.withClassLoader(noSecurity)
			.withPropertyValues("jobqueue.dashboard.actions.enabled=true")
			.run((context) -> assertThat(context.getBean(DashboardAccess.class).actionsOn()).isFalse());
		this.contextRunner.withClassLoader(noSecurity)
			.withPropertyValues("jobqueue.dashboard.actions.enabled=true",
					"jobqueue.dashboard.actions.allow-without-spring-security=true")
			.run((context) -> {
				DashboardAccess access = context.getBean(DashboardAccess.class);
				assertThat(access.actionsOn()).isTrue();
				assertThat(access.mayAct(new MockHttpServletRequest())).as("no role without Spring Security").isTrue();
			});
	}

	@Test
	void actionsNeedTheRoleWithSpringSecurity() {
		this.contextRunner.withPropertyValues("jobqueue.dashboard.actions.enabled=true").run((context) -> {
			DashboardAccess access = context.getBean(DashboardAccess.class);
			MockHttpServletRequest admin = new MockHttpServletRequest();
			admin.addUserRole("JOBQUEUE_ADMIN");
			MockHttpServletRequest other = new MockHttpServletRequest();
			other.addUserRole("OPS");
			assertThat(access.mayAct(admin)).isTrue();
			assertThat(access.mayAct(other)).isFalse();
		});
	}

	@Test
	void valuesFollowTheEndpointsShowValuesRule() {
		this.contextRunner
			.withPropertyValues("management.endpoint.jobqueue.show-values=when-authorized",
					"management.endpoint.jobqueue.roles=AUDITOR")
			.run((context) -> {
				DashboardAccess access = context.getBean(DashboardAccess.class);
				MockHttpServletRequest anonymous = new MockHttpServletRequest();
				MockHttpServletRequest auditor = new MockHttpServletRequest();
				auditor.setUserPrincipal(() -> "alice");
				auditor.addUserRole("AUDITOR");
				MockHttpServletRequest other = new MockHttpServletRequest();
				other.setUserPrincipal(() -> "bob");
				assertThat(access.showsValues(anonymous)).isFalse();
				assertThat(access.showsValues(auditor)).isTrue();
				assertThat(access.showsValues(other)).isFalse();
			});
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("jobqueue.dashboard.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DashboardPageController.class);
			assertThat(context).hasSingleBean(InstanceHeartbeat.class);
		});
	}

	@Test
	void minuteCountersAreOnWithTheDashboardAndCanBeSwitchedOff() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(JobQueueClients.class).isMinuteCounters()).isTrue());
		this.contextRunner.withPropertyValues("jobqueue.dashboard.minute-counters=false")
			.run((context) -> assertThat(context.getBean(JobQueueClients.class).isMinuteCounters()).isFalse());
	}

	@Test
	void heartbeatDisabledByProperty() {
		this.contextRunner.withPropertyValues("jobqueue.dashboard.heartbeat.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(InstanceHeartbeat.class)
				.hasSingleBean(InstanceRegistry.class));
	}

	@Test
	void absentWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardPageController.class)
				.hasSingleBean(InstanceHeartbeat.class));
	}

	@Test
	void absentOutsideAWebApplicationButTheHeartbeatStays() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("spring.data.redis.url=" + RedisTestServers.shared().uri())
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardPageController.class)
				.hasSingleBean(InstanceHeartbeat.class));
	}

	@Test
	void backsOffForTheUsersAccessRules() {
		this.contextRunner.withUserConfiguration(UserAccess.class)
			.run((context) -> assertThat(context).hasSingleBean(DashboardAccess.class).hasBean("customAccess"));
	}

	@Test
	void invalidPropertiesFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("jobqueue.dashboard.path=jobqueue/")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("jobqueue.dashboard.path"));
		this.contextRunner.withPropertyValues("jobqueue.dashboard.refresh-interval=500ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("jobqueue.dashboard.refresh-interval"));
		this.contextRunner.withPropertyValues("jobqueue.dashboard.page-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("jobqueue.dashboard.page-size"));
		this.contextRunner.withPropertyValues("jobqueue.dashboard.heartbeat.interval=10ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("jobqueue.dashboard.heartbeat.interval"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserAccess {

		@Bean
		DashboardAccess customAccess() {
			return new DashboardAccess(ValuesShown.ALWAYS, java.util.Set.of(), false, null);
		}

	}

}
