package dev.jobqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Flow control of one queue: its priority levels, whether new jobs run next or last, and
 * the limits every jobqueue worker of the queue honours across all instances. The claim
 * flow enforces them in Redis, in the same script call that claims, so ten instances with
 * eight workers each still start at most {@code ratePermits} jobs per {@code ratePeriod}.
 * Reference workers on the same queue do not know these limits and only ever take jobs of
 * the normal level. Pausing is not configuration but state in Redis
 * ({@link JobQueueAdmin#pause(String)}).
 *
 * @param priorities the priority levels, highest first; must contain
 * {@link JobOptions#NORMAL}, the reference's pending list
 * @param weights empty for strict priority (a claim takes the oldest job of the highest
 * level with jobs), or one positive weight per level: a claim then picks a level with
 * jobs at random in proportion to its weight, so a low level is never starved
 * @param lifo whether a job enqueued without {@link JobOptions#withLifo(boolean)} runs
 * next rather than last among the waiting jobs of its level
 * @param ratePermits the most jobs that start in any {@code ratePeriod}, across all
 * instances; 0 for no rate limit
 * @param ratePeriod the period of the rate limit
 * @param maxConcurrency the most jobs of the queue in processing at once, across all
 * instances; 0 for no limit
 * @param groupConcurrency the most jobs of one group in processing at once, across all
 * instances; 0 for no limit
 */
public record FlowControl(List<String> priorities, List<Integer> weights, boolean lifo, int ratePermits,
		Duration ratePeriod, int maxConcurrency, int groupConcurrency) {

	/** The default priority levels: high, normal and low. */
	public static final List<String> DEFAULT_PRIORITIES = List.of(JobOptions.HIGH, JobOptions.NORMAL, JobOptions.LOW);

	private static final Pattern LEVEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

	private static final FlowControl DEFAULTS = new FlowControl(DEFAULT_PRIORITIES, List.of(), false, 0,
			Duration.ofSeconds(1), 0, 0);

	/**
	 * Creates flow control after validating every component.
	 * @param priorities see the record description
	 * @param weights see the record description
	 * @param lifo see the record description
	 * @param ratePermits see the record description
	 * @param ratePeriod see the record description
	 * @param maxConcurrency see the record description
	 * @param groupConcurrency see the record description
	 * @throws IllegalArgumentException naming the first invalid component
	 */
	public FlowControl {
		Assert.isTrue(priorities != null && !priorities.isEmpty(), "priorities must not be empty");
		Assert.notNull(weights, "weights must not be null");
		priorities = List.copyOf(priorities);
		weights = List.copyOf(weights);
		checkPriorities(priorities, weights);
		Assert.isTrue(ratePermits >= 0 && ratePermits <= 1_000_000,
				() -> "ratePermits must be from 0 to 1000000, was " + ratePermits);
		Assert.isTrue(ratePeriod != null && ratePeriod.toMillis() >= 1 && ratePeriod.toDays() <= 1,
				() -> "ratePeriod must be from 1 ms to 1 day, was " + ratePeriod);
		Assert.isTrue(maxConcurrency >= 0, () -> "maxConcurrency must not be negative, was " + maxConcurrency);
		Assert.isTrue(groupConcurrency >= 0, () -> "groupConcurrency must not be negative, was " + groupConcurrency);
	}

	/**
	 * Returns the defaults: levels high, normal and low with strict priority, jobs run
	 * oldest first, no limits.
	 * @return the flow control
	 */
	public static FlowControl defaults() {
		return DEFAULTS;
	}

	/**
	 * Returns a copy with other priority levels; the weights are cleared.
	 * @param priorities the levels, highest first, {@code normal} among them
	 * @return the new flow control
	 */
	public FlowControl withPriorities(List<String> priorities) {
		return new FlowControl(priorities, List.of(), this.lifo, this.ratePermits, this.ratePeriod, this.maxConcurrency,
				this.groupConcurrency);
	}

	/**
	 * Returns a copy with weights, one per priority level in the same order, or none.
	 * @param weights the weights
	 * @return the new flow control
	 */
	public FlowControl withWeights(List<Integer> weights) {
		return new FlowControl(this.priorities, weights, this.lifo, this.ratePermits, this.ratePeriod,
				this.maxConcurrency, this.groupConcurrency);
	}

	/**
	 * Returns a copy whose jobs run next (true) or last (false) by default.
	 * @param lifo the default order
	 * @return the new flow control
	 */
	public FlowControl withLifo(boolean lifo) {
		return new FlowControl(this.priorities, this.weights, lifo, this.ratePermits, this.ratePeriod,
				this.maxConcurrency, this.groupConcurrency);
	}

	/**
	 * Returns a copy with a rate limit.
	 * @param permits the most job starts per period, 0 for none
	 * @param period the period, from 1 ms to 1 day
	 * @return the new flow control
	 */
	public FlowControl withRateLimit(int permits, Duration period) {
		return new FlowControl(this.priorities, this.weights, this.lifo, permits, period, this.maxConcurrency,
				this.groupConcurrency);
	}

	/**
	 * Returns a copy with a concurrency limit for the whole queue.
	 * @param maxConcurrency the most jobs in processing at once, 0 for no limit
	 * @return the new flow control
	 */
	public FlowControl withMaxConcurrency(int maxConcurrency) {
		return new FlowControl(this.priorities, this.weights, this.lifo, this.ratePermits, this.ratePeriod,
				maxConcurrency, this.groupConcurrency);
	}

	/**
	 * Returns a copy with a concurrency limit per group.
	 * @param groupConcurrency the most jobs of one group in processing at once, 0 for no
	 * limit
	 * @return the new flow control
	 */
	public FlowControl withGroupConcurrency(int groupConcurrency) {
		return new FlowControl(this.priorities, this.weights, this.lifo, this.ratePermits, this.ratePeriod,
				this.maxConcurrency, groupConcurrency);
	}

	/**
	 * The arguments the claim flows end with (see {@code lua/includes/flow.lua}), but for
	 * the random number that each claim adds.
	 */
	List<String> claimArguments() {
		List<String> args = new ArrayList<>(6);
		args.add(String.join(",", this.priorities));
		args.add(String.join(",", this.weights.stream().map(String::valueOf).toList()));
		args.add(String.valueOf(this.ratePermits));
		args.add(String.valueOf(this.ratePeriod.toMillis()));
		args.add(String.valueOf(this.maxConcurrency));
		args.add(String.valueOf(this.groupConcurrency));
		return args;
	}

	private static void checkPriorities(List<String> levels, List<Integer> weights) {
		Assert.isTrue(new HashSet<>(levels).size() == levels.size(),
				() -> "priorities must not repeat a level, were " + levels);
		for (String level : levels) {
			checkLevel(level, "priorities");
		}
		Assert.isTrue(levels.contains(JobOptions.NORMAL),
				() -> "priorities must contain 'normal' (the reference's pending list), were " + levels);
		Assert.isTrue(weights.isEmpty() || weights.size() == levels.size(),
				() -> "weights must be empty or one per priority level " + levels + ", were " + weights);
		for (Integer weight : weights) {
			Assert.isTrue(weight != null && weight > 0 && weight <= 1_000_000,
					() -> "weights must be from 1 to 1000000, were " + weights);
		}
	}

	static void checkLevel(@Nullable String level, String name) {
		Assert.isTrue(level != null && LEVEL.matcher(level).matches(), () -> name
				+ " must be a level name of lower-case letters, digits, '-' and '_' (at most 32), was '" + level + "'");
	}

}
