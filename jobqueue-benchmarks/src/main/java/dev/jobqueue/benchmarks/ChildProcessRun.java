package dev.jobqueue.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
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
 * A phase run by another process (BullMQ's Node script, or a fresh JVM for a cold phase)
 * that has prepared and printed {@code {"ready":true}}: a line on its stdin starts the
 * timed part, it answers with one JSON line of figures, and a second line lets it exit
 * once its CPU time has been read from {@code /proc/<pid>/stat}.
 */
final class ChildProcessRun implements Subject.Run {

	private static final Pattern NUMBER = Pattern.compile("\"(seconds|count)\":([0-9.eE+-]+)");

	private final Process process;

	private final BufferedReader out;

	private final String label;

	ChildProcessRun(Process process, BufferedReader out, String label) {
		this.process = process;
		this.out = out;
		this.label = label;
	}

	@Override
	public Subject.Timing run() throws IOException {
		Writer in = this.process.outputWriter(StandardCharsets.UTF_8);
		in.write("go\n");
		in.flush();
		String line = this.out.readLine();
		while (line != null && !line.startsWith("{")) {
			line = this.out.readLine();
		}
		if (line == null) {
			throw new IOException("the child process ended without a result for " + this.label);
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
		return new Subject.Timing(seconds, count, array(line, "startLatencies"), array(line, "completeLatencies"));
	}

	@Override
	public long clientCpuMicros() {
		try {
			// utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10
			// ms
			String stat = Files.readString(Path.of("/proc/" + this.process.pid() + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	@Override
	public void close() throws InterruptedException {
		try (Writer in = this.process.outputWriter(StandardCharsets.UTF_8)) {
			in.write("exit\n");
		}
		catch (IOException ex) {
			// Already gone.
		}
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
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
