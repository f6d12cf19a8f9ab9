package dev.jobqueue.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the time from enqueue to handler start of each job of
 * {@link ManyQueuesBenchmark}, round by round: a job's payload carries its round
 * {@code r}, its index {@code i} and the {@code System.nanoTime()} of its enqueue
 * {@code t}, so a late job of one round never counts in the next. The handler is public
 * so that the worker container can call it.
 */
public final class StartLatencies {

	private final List<Map<Integer, Long>> rounds;

	StartLatencies(int rounds, int jobs) {
		this.rounds = new ArrayList<>(rounds);
		for (int round = 0; round < rounds; round++) {
			this.rounds.add(new ConcurrentHashMap<>(Math.max(16, jobs * 2)));
		}
	}

	/**
	 * Records the start of one job; a payload without the benchmark's fields is ignored.
	 * @param payload the job's payload
	 */
	public void handle(Map<String, Object> payload) {
		long now = System.nanoTime();
		if (payload.get("r") instanceof Number round && payload.get("i") instanceof Number index
				&& payload.get("t") instanceof Number sent && round.intValue() >= 1
				&& round.intValue() <= this.rounds.size()) {
			this.rounds.get(round.intValue() - 1).put(index.intValue(), now - sent.longValue());
		}
	}

	/**
	 * @param round the round, from 1
	 * @return how many jobs of the round have started
	 */
	int started(int round) {
		return this.rounds.get(round - 1).size();
	}

	/**
	 * The p50, p99 and max table cells of a round. A job that never started counts as
	 * slower than every job that did, never as a fast one, so with jobs missing a
	 * quantile that falls among them reads {@code > waited} and the max cell says how
	 * many started.
	 * @param round the round, from 1
	 * @param sent how many jobs the round sent
	 * @param waited how long the wait for the last job lasted at most, for the cells of
	 * jobs that never started
	 * @return the three cells, {@code "a ms | b ms | c ms"}
	 */
	String cells(int round, int sent, String waited) {
		long[] sorted = this.rounds.get(round - 1).values().stream().mapToLong(Long::longValue).sorted().toArray();
		String max = cell(sorted, sent, 1.0, waited);
		if (sorted.length < sent) {
			max += String.format(Locale.ROOT, " (only %d of %d started)", sorted.length, sent);
		}
		return cell(sorted, sent, 0.50, waited) + " | " + cell(sorted, sent, 0.99, waited) + " | " + max;
	}

	private static String cell(long[] sorted, int sent, double quantile, String waited) {
		if (sent <= 0) {
			return "-";
		}
		int index = Math.max(0, (int) Math.ceil(quantile * sent) - 1);
		if (index >= sorted.length) {
			return "> " + waited;
		}
		return String.format(Locale.ROOT, "%.1f ms", sorted[index] / 1e6);
	}

}
