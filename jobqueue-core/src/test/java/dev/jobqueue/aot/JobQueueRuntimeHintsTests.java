package dev.jobqueue.aot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.aot.AotServices;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link JobQueueRuntimeHints}.
 */
class JobQueueRuntimeHintsTests {

	@Test
	void everyLuaScriptAndIncludeIsARegisteredResource() throws IOException {
		RuntimeHints hints = new RuntimeHints();
		new JobQueueRuntimeHints().registerHints(hints, getClass().getClassLoader());
		List<String> scripts = luaScripts();
		// the flows and the helpers they include, as the build has them now
		assertThat(scripts).contains("dev/jobqueue/lua/enqueue_jobs.lua", "dev/jobqueue/lua/includes/claim_job.lua")
			.hasSizeGreaterThan(30);
		assertThat(scripts)
			.allSatisfy((script) -> assertThat(RuntimeHintsPredicates.resource().forResource(script)).as(script)
				.accepts(hints));
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/jobqueue/JobQueueTemplate.class")).rejects(hints);
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(JobQueueRuntimeHints.class);
	}

	/** Every script of the main sources, flows and includes, read from the folder. */
	private static List<String> luaScripts() throws IOException {
		Path resources = Path.of("src/main/resources");
		try (Stream<Path> files = Files.walk(resources.resolve(JobQueueRuntimeHints.LUA_ROOT))) {
			return files.filter((file) -> file.toString().endsWith(".lua"))
				.map((file) -> resources.relativize(file).toString().replace('\\', '/'))
				.sorted()
				.toList();
		}
	}

}
