package dev.jobqueue.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Collects the measurements of every run and renders them as Markdown tables: medians
 * with their min-max range, and the ratio jobqueue / peer of the medians.
 */
final class Report {

	private final String ours;

	private final String peer;

	private final Map<Phase, Map<String, List<Measurement>>> results = new LinkedHashMap<>();

	Report(String ours, String peer) {
		this.ours = ours;
		this.peer = peer;
	}

	void add(Phase phase, String subject, Measurement measurement) {
		this.results.computeIfAbsent(phase, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(subject, (key) -> new ArrayList<>())
			.add(measurement);
	}

	String render(String header) {
		StringBuilder out = new StringBuilder(header).append('\n');
		out.append("### Throughput, jobs/s: median (min-max) of the runs\n\n");
		out.append("| phase | jobs | ").append(this.ours).append(" | ").append(this.peer).append(" | ratio |\n");
		out.append("| --- | ---: | ---: | ---: | ---: |\n");
		this.results.forEach((phase, bySubject) -> {
			if (phase.hasRate()) {
				out.append("| ")
					.append(phase.label())
					.append(" | ")
					.append(String.format(Locale.ROOT, "%,d", phase.jobs()));
				out.append(" | ").append(range(bySubject.get(this.ours), Measurement::jobsPerSecond, "%,.0f"));
				out.append(" | ").append(range(bySubject.get(this.peer), Measurement::jobsPerSecond, "%,.0f"));
				out.append(" | ").append(ratio(bySubject, Measurement::jobsPerSecond)).append(" |\n");
			}
		});
		this.results.forEach((phase, bySubject) -> {
			if (phase.hasLatencies()) {
				boolean delayed = phase.kind() == Phase.Kind.DELAYED_LATENESS;
				out.append("\n### ")
					.append(capitalize(phase.label()))
					.append(", ")
					.append(phase.jobs())
					.append(" jobs, idle workers: ms, median of the runs' p50 / p99 / max\n\n");
				out.append("| latency | ")
					.append(this.ours)
					.append(" | ")
					.append(this.peer)
					.append(" | ratio of p50 |\n");
				out.append("| --- | ---: | ---: | ---: |\n");
				latencyRow(out, delayed ? "due to handler start (lateness)" : "enqueue to handler start", bySubject,
						Measurement::start);
				latencyRow(out, delayed ? "due to completed" : "enqueue to completed", bySubject,
						Measurement::complete);
			}
		});
		out.append("\n### Redis cost per job: median of the runs (")
			.append(this.ours)
			.append(" / ")
			.append(this.peer)
			.append(")\n\n");
		out.append(
				"| phase | commands | command µs | Redis CPU µs | client CPU µs | peak clients | bytes per pending (or delayed) job |\n");
		out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		this.results.forEach((phase, bySubject) -> {
			out.append("| ").append(phase.label());
			cost(out, bySubject, Measurement::commandsPerJob, "%.1f");
			cost(out, bySubject, Measurement::commandMicrosPerJob, "%.1f");
			cost(out, bySubject, Measurement::cpuMicrosPerJob, "%.1f");
			cost(out, bySubject, Measurement::clientCpuMicrosPerJob, "%.0f");
			cost(out, bySubject, (m) -> m.peakClients(), "%.0f");
			if (phase.kind() == Phase.Kind.DRAIN || phase.kind() == Phase.Kind.DELAYED_PROMOTION) {
				cost(out, bySubject, Measurement::bytesPerPendingJob, "%.0f");
			}
			else {
				out.append(" | ");
			}
			out.append(" |\n");
		});
		this.results.forEach((phase, bySubject) -> {
			if (phase.kind() == Phase.Kind.DRAIN && phase.concurrency() == 8) {
				out.append("\n### Commands per job by name (µs per job in INFO commandstats; a script's time includes ")
					.append("its commands'), ")
					.append(phase.label())
					.append(", last run\n\n");
				commands(out, this.ours, bySubject.get(this.ours), phase.jobs());
				commands(out, this.peer, bySubject.get(this.peer), phase.jobs());
			}
		});
		return out.toString();
	}

	private void latencyRow(StringBuilder out, String label, Map<String, List<Measurement>> bySubject,
			java.util.function.Function<Measurement, double[]> values) {
		out.append("| ").append(label);
		double[] ours = percentilesMedian(bySubject.get(this.ours), values);
		double[] peer = percentilesMedian(bySubject.get(this.peer), values);
		out.append(" | ").append(triple(ours)).append(" | ").append(triple(peer)).append(" | ");
		out.append((ours.length > 0 && peer.length > 0) ? String.format(Locale.ROOT, "%.2f", ours[0] / peer[0]) : "")
			.append(" |\n");
	}

	private static double[] percentilesMedian(List<Measurement> runs,
			java.util.function.Function<Measurement, double[]> values) {
		if (runs == null || runs.isEmpty() || values.apply(runs.get(0)).length == 0) {
			return new double[0];
		}
		double[] medians = new double[3];
		for (int i = 0; i < 3; i++) {
			int index = i;
			medians[i] = median(runs.stream().mapToDouble((m) -> values.apply(m)[index]).toArray());
		}
		return medians;
	}

	private static String triple(double[] values) {
		return (values.length == 0) ? ""
				: String.format(Locale.ROOT, "%.1f / %.1f / %.1f", values[0], values[1], values[2]);
	}

	private void cost(StringBuilder out, Map<String, List<Measurement>> bySubject, ToDoubleFunction<Measurement> value,
			String format) {
		out.append(" | ")
			.append(median(bySubject.get(this.ours), value, format))
			.append(" / ")
			.append(median(bySubject.get(this.peer), value, format));
	}

	private static void commands(StringBuilder out, String subject, List<Measurement> runs, int jobs) {
		if (runs == null || runs.isEmpty()) {
			return;
		}
		Map<String, long[]> commands = new TreeMap<>(runs.get(runs.size() - 1).commands());
		StringBuilder line = new StringBuilder("- ").append(subject).append(": ");
		commands.forEach((name, stats) -> {
			double perJob = stats[0] / (double) jobs;
			if (perJob >= 0.005) {
				line.append(String.format(Locale.ROOT, "%s %.2f (%.1f µs), ", name, perJob, stats[1] / (double) jobs));
			}
		});
		out.append(line.substring(0, line.length() - 2)).append('\n');
	}

	private String ratio(Map<String, List<Measurement>> bySubject, ToDoubleFunction<Measurement> value) {
		List<Measurement> ours = bySubject.get(this.ours);
		List<Measurement> peer = bySubject.get(this.peer);
		if (ours == null || peer == null) {
			return "";
		}
		return String.format(Locale.ROOT, "%.2f", median(ours.stream().mapToDouble(value).toArray())
				/ median(peer.stream().mapToDouble(value).toArray()));
	}

	private static String range(List<Measurement> runs, ToDoubleFunction<Measurement> value, String format) {
		if (runs == null || runs.isEmpty()) {
			return "";
		}
		double[] values = runs.stream().mapToDouble(value).sorted().toArray();
		return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", median(values), values[0],
				values[values.length - 1]);
	}

	private static String median(List<Measurement> runs, ToDoubleFunction<Measurement> value, String format) {
		if (runs == null || runs.isEmpty()) {
			return "-";
		}
		double median = median(runs.stream().mapToDouble(value).toArray());
		return Double.isNaN(median) ? "-" : String.format(Locale.ROOT, format, median);
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static String capitalize(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
