package dev.jobqueue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of {@link LuaIncludes}: every assembled flow loads on a real Redis, keeps the
 * flow file's lines where they were, and a Redis error names the flow file's line.
 */
class LuaIncludesTests extends AbstractRedisTests {

	// Redis 7.0 says "on @user_script:9." for a runtime error and "user_script:7:" for a
	// syntax error; Redis 6.2 says "@user_script:9:" and "user_script:7:"
	private static final Pattern ERROR_LINE = Pattern.compile("user_script:\\s*(\\d+)\\b");

	private final LuaIncludes lua = new LuaIncludes("dev/jobqueue/lua");

	@Test
	void everyAssembledScriptLoadsOnRedis() {
		List<RedisScript<?>> scripts = new JobQueueScripts().all();
		assertThat(scripts).hasSize(flowFiles().size());
		for (RedisScript<?> script : scripts) {
			assertThat(redis.scriptLoad(script.getScriptAsString())).isEqualTo(script.getSha1());
		}
	}

	@Test
	void everyFlowKeepsItsLinesAtTheirNumbers() throws IOException {
		for (String file : flowFiles()) {
			String[] source = read(file).split("\n", -1);
			String[] assembled = this.lua.assemble(file).split("\n", -1);
			assertThat(assembled).as(file).hasSameSizeAs(source);
			for (int i = 0; i < source.length; i++) {
				if (!source[i].startsWith("--- @include")) {
					assertThat(assembled[i]).as(file + ":" + (i + 1)).isEqualTo(source[i]);
				}
			}
		}
	}

	@Test
	void noFlowCarriesTheHelpersItDoesNotInclude() {
		assertThat(this.lua.assemble("enqueue_jobs.lua")).doesNotContain("local function");
		assertThat(this.lua.assemble("extend_leases.lua")).contains("local function held_claim")
			.doesNotContain("local function publish_event");
	}

	@Test
	void aHelperIncludedTwiceIsInlinedOnce() {
		String fail = this.lua.assemble("fail_job.lua");
		assertThat(fail.split("local function publish_event", -1)).hasSize(2);
	}

	@Test
	void aRuntimeErrorNamesTheFlowFilesLine() {
		String script = this.lua.assemble("testing/runtime_error_at_line_9.lua");
		assertThatExceptionOfType(RedisException.class)
			.isThrownBy(() -> redis.eval(script, ScriptOutputType.INTEGER, new String[0]))
			.satisfies((ex) -> assertThat(errorLine(ex.getMessage())).as(ex.getMessage()).isEqualTo(9));
	}

	@Test
	void aSyntaxErrorNamesTheFlowFilesLine() {
		String script = this.lua.assemble("testing/syntax_error_at_line_7.lua");
		assertThatExceptionOfType(RedisException.class).isThrownBy(() -> redis.scriptLoad(script))
			.satisfies((ex) -> assertThat(errorLine(ex.getMessage())).as(ex.getMessage()).isEqualTo(7));
	}

	@Test
	void commentsAreStrippedOutsideStringsOnly() {
		assertThat(LuaIncludes.stripComment("local a = 'x -- y' -- why")).isEqualTo("local a = 'x -- y' ");
		assertThat(LuaIncludes.stripComment("local a = \"it\\\"s -- \" .. b"))
			.isEqualTo("local a = \"it\\\"s -- \" .. b");
		assertThat(LuaIncludes.stripComment("-- only a comment")).isEmpty();
	}

	@Test
	void aMissingIncludeIsNamed() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new LuaIncludes("dev/jobqueue/lua/testing").assemble("runtime_error_at_line_9.lua"))
			.withMessageContaining("includes/claim_pending.lua")
			.withMessageContaining("runtime_error_at_line_9.lua");
	}

	private static int errorLine(String message) {
		Matcher matcher = ERROR_LINE.matcher(message);
		assertThat(matcher.find()).as(message).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static List<String> flowFiles() {
		try {
			List<String> files = new ArrayList<>();
			for (Resource resource : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:dev/jobqueue/lua/*.lua")) {
				files.add(resource.getFilename());
			}
			return files;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(String file) throws IOException {
		try (InputStream in = LuaIncludesTests.class.getResourceAsStream("/dev/jobqueue/lua/" + file)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
