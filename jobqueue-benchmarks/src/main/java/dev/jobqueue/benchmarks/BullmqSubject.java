package dev.jobqueue.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BullMQ, run by {@code bullmq/bench.mjs} in a Node process per phase. The script
 * prepares, prints {@code {"ready":true}}, waits for a line on stdin, runs the timed part
 * and prints its figures.
 */
final class BullmqSubject implements Subject {

	private final Path dir;

	private final String node;

	BullmqSubject(Path dir, String node) {
		this.dir = dir;
		this.node = node;
	}

	@Override
	public String name() {
		return "BullMQ";
	}

	String version() throws IOException {
		Path packageJson = this.dir.resolve("node_modules/bullmq/package.json");
		if (!Files.exists(packageJson)) {
			// not installed: a run of jobqueue alone (--subjects=jobqueue) needs no
			// BullMQ
			return "not installed";
		}
		String json = Files.readString(packageJson);
		Matcher matcher = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
		return matcher.find() ? matcher.group(1) : "unknown";
	}

	@Override
	public Run prepare(Phase phase, int port) throws IOException {
		// The realistic rows' handler returns a result, as jobqueue's realistic handler
		// does.
		List<String> command = List.of(this.node, "bench.mjs", phase.script(), "port=" + port, "n=" + phase.jobs(),
				"concurrency=" + phase.concurrency(), "rate=" + phase.rate(),
				"result=" + (phase.app() != Phase.App.STRIPPED));
		Process process = new ProcessBuilder(command).directory(this.dir.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String ready = out.readLine();
		if (ready == null || !ready.contains("\"ready\":true")) {
			process.destroyForcibly();
			throw new IOException("BullMQ script did not get ready for " + phase.label() + ": " + ready);
		}
		return new ChildProcessRun(process, out, phase.label());
	}

}
