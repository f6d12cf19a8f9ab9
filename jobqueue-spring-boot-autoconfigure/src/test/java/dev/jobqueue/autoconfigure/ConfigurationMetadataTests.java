package dev.jobqueue.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the configuration metadata the build generates, which IDEs complete from:
 * every property described, each default the value the application really starts with,
 * deprecated names pointing at a replacement that exists, and no custom key in Boot's
 * {@code management.*} namespace.
 */
class ConfigurationMetadataTests {

	/** The keys under management.* that are Boot's own conventions for any endpoint. */
	private static final Set<String> BOOT_MANAGEMENT_KEYS = Set.of("management.endpoint.jobqueue.access",
			"management.endpoint.jobqueue.cache.time-to-live", "management.health.jobqueue.enabled");

	private final Map<String, JsonNode> properties = read();

	@Test
	void everyPropertyHasADescriptionAndAType() {
		this.properties.forEach((name, property) -> {
			assertThat(property.path("description").asString()).as(name).isNotBlank();
			assertThat(property.path("type").asString()).as(name).isNotBlank();
		});
	}

	@Test
	void healthIndicatorSwitchIsDescribed() {
		assertThat(this.properties).containsKey("management.health.jobqueue.enabled");
		assertThat(this.properties.get("management.health.jobqueue.enabled").get("defaultValue").asBoolean()).isTrue();
	}

	@Test
	void deprecatedNamesPointAtReplacementsThatExist() {
		List<String> deprecated = new ArrayList<>();
		this.properties.forEach((name, property) -> {
			if (property.has("deprecation")) {
				deprecated.add(name);
				String replacement = property.get("deprecation").path("replacement").asString();
				assertThat(this.properties).as(name).containsKey(replacement);
				assertThat(this.properties.get(replacement).has("deprecation")).as(replacement).isFalse();
			}
		});
		assertThat(deprecated).contains("jobqueue.concurrency", "jobqueue.claim-timeout", "jobqueue.shutdown-timeout",
				"jobqueue.lease-extension", "jobqueue.reclaim-interval", "jobqueue.max-payload-size",
				"management.endpoint.jobqueue.show-values", "management.endpoint.jobqueue.roles");
	}

	@Test
	void noCustomKeyUnderManagementButDeprecatedOnes() {
		this.properties.forEach((name, property) -> {
			if (name.startsWith("management.") && !property.has("deprecation")) {
				assertThat(BOOT_MANAGEMENT_KEYS).as(name).contains(name);
			}
		});
	}

	@Test
	void everyDefaultIsTheValueBoundWithNothingSet() {
		BeanWrapper defaults = new BeanWrapperImpl(new JobQueueProperties());
		Map<String, String> source = new HashMap<>();
		List<String> checked = new ArrayList<>();
		this.properties.forEach((name, property) -> {
			if (name.startsWith("jobqueue.") && !name.equals("jobqueue.queues") && !name.equals("jobqueue.schedules")
					&& !name.startsWith("jobqueue.endpoint.") && !property.has("deprecation")
					&& !property.path("type").asString().startsWith("java.util.List")
					&& defaults.getPropertyValue(camelCase(name.substring("jobqueue.".length()))) != null) {
				// a list's default is empty, and an unset value (no limit) has none,
				// which the metadata does not record
				assertThat(property.has("defaultValue")).as(name + " has a default").isTrue();
				source.put(name, property.get("defaultValue").asString());
			}
		});
		Binder binder = new Binder(new MapConfigurationPropertySource(source));
		JobQueueProperties bound = binder.bind("jobqueue", JobQueueProperties.class).get();
		BeanWrapper fromMetadata = new BeanWrapperImpl(bound);
		source.keySet().forEach((name) -> {
			String path = camelCase(name.substring("jobqueue.".length()));
			assertThat(fromMetadata.getPropertyValue(path)).as(name).isEqualTo(defaults.getPropertyValue(path));
			checked.add(name);
		});
		assertThat(checked).contains("jobqueue.worker.shutdown-timeout", "jobqueue.worker.concurrency",
				"jobqueue.visibility-timeout", "jobqueue.reclaimer.interval", "jobqueue.producer.max-payload-size");
		assertThat(
				binder.bind("jobqueue.queues", Bindable.mapOf(String.class, JobQueueProperties.Queue.class)).isBound())
			.isFalse();
	}

	private static String camelCase(String dashed) {
		StringBuilder result = new StringBuilder();
		boolean upper = false;
		for (char c : dashed.toCharArray()) {
			if (c == '-') {
				upper = true;
				continue;
			}
			result.append(upper ? Character.toUpperCase(c) : c);
			upper = false;
		}
		return result.toString();
	}

	private static Map<String, JsonNode> read() {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			Map<String, JsonNode> properties = new HashMap<>();
			JsonMapper.builder().build().readTree(in).get("properties").forEach((property) -> {
				assertThat(properties.put(property.get("name").asString(), property)).isNull();
			});
			return properties;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
