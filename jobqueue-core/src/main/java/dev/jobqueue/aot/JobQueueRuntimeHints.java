package dev.jobqueue.aot;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * {@link RuntimeHintsRegistrar} for the Lua scripts that {@code JobQueueScripts} reads
 * from the classpath when the clients are built: every flow under
 * {@code dev/jobqueue/lua/} and every helper they include from
 * {@code dev/jobqueue/lua/includes/}. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
public final class JobQueueRuntimeHints implements RuntimeHintsRegistrar {

	/** The classpath folder of the scripts. */
	static final String LUA_ROOT = "dev/jobqueue/lua";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(LUA_ROOT + "/*.lua").registerPattern(LUA_ROOT + "/includes/*.lua");
	}

}
