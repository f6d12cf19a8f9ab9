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

	private static final Pattern NUMBER = Pattern.compile("\"(seconds|count)\":([0-9.eE+-]+)");

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
		String json = Files.readString(this.dir.resolve("node_modules/bullmq/package.json"));
		Matcher matcher = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
		return matcher.find() ? matcher.group(1) : "unknown";
	}

	@Override
	public Run prepare(Phase phase, int port) throws IOException {
		List<String> command = List.of(this.node, "bench.mjs", phase.script(), "port=" + port, "n=" + phase.jobs(),
				"concurrency=" + phase.concurrency(), "rate=" + phase.rate());
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
		return new Run() {

			@Override
			public Timing run() throws IOException {
				Writer in = process.outputWriter(StandardCharsets.UTF_8);
				in.write("go\n");
				in.flush();
				String line = out.readLine();
				if (line == null) {
					throw new IOException("BullMQ script ended without a result for " + phase.label());
				}
				double seconds = 0;
				long count = 0;
				Matcher matcher = NUMBER.matcher(line);
				while (matcher.find()) {
					if (matcher.group(1).equals("seconds")) {
						seconds = Double.parseDouble(matcher.group(2));
					}
					else {
						count = Long.parseLong(matcher.group(2));
					}
				}
				return new Timing(seconds, count, array(line, "startLatencies"), array(line, "completeLatencies"));
			}

			@Override
			public long clientCpuMicros() {
				try {
					// utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock
					// ticks of 10 ms
					String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000;
				}
				catch (IOException ex) {
					return 0;
				}
			}

			@Override
			public void close() throws InterruptedException {
				try (Writer in = process.outputWriter(StandardCharsets.UTF_8)) {
					in.write("exit\n");
				}
				catch (IOException ex) {
					// Already gone.
				}
				if (!process.waitFor(30, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}

		};
	}

	private static double[] array(String json, String name) {
		int start = json.indexOf("\"" + name + "\":[");
		if (start < 0) {
			return new double[0];
		}
		start = json.indexOf('[', start) + 1;
		String body = json.substring(start, json.indexOf(']', start));
		List<Double> values = new ArrayList<>();
		for (String value : body.split(",")) {
			if (!value.isBlank()) {
				values.add(Double.parseDouble(value));
			}
		}
		return values.stream().mapToDouble(Double::doubleValue).toArray();
	}

}
