package dev.jobqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Complete-and-claim calls of one process, grouped per queue: calls that arrive while
 * {@value #MAX_IN_FLIGHT} round trips of their queue are already under way wait, and the
 * next free round trip completes all of them and claims what they asked for in one run of
 * the complete-and-claim flow (at most {@value #MAX_GROUP} calls). Under a backlog, N
 * workers that finish together cost Redis one script call and the client one command
 * instead of N, so the script's fixed costs (its dispatch, the maxmemory probe, reading
 * the queue's flow state) and the client's per-command costs (encoding, an observation
 * per command, a thread hand-off) are paid once per group. An uncontended call runs on
 * its own thread at once, as one call.
 * <p>
 * Each call gets what a call of its own would have returned: whether its job was
 * completed (each completion checks its own claim token) and up to its own {@code max} of
 * the jobs claimed, in order. A failure of the round trip (Redis down, a timeout) is
 * thrown to every call of the group; each caller handles it as it handles its own failed
 * call (the job stays claimed; its lease runs out). The wait for a group is not
 * interruptible, as a round trip of one's own is not: an interrupt that arrives meanwhile
 * is kept for the caller.
 */
final class CompletionGroups {

	/** Round trips of one queue under way at once: one runs while the next gathers. */
	static final int MAX_IN_FLIGHT = 2;

	/** The most calls one round trip completes. */
	static final int MAX_GROUP = 64;

	private final Map<String, Group> groups = new ConcurrentHashMap<>();

	/**
	 * Runs a call with the calls of the same queue that wait with it.
	 * @param queue the queue the job belongs to
	 * @param call the job, its result written as JSON, and how many jobs to claim
	 * @param flow runs one group as one round trip
	 * @return what the call returned
	 */
	CompleteAndClaimResult run(String queue, Call call, Flow flow) {
		return this.groups.computeIfAbsent(queue, (name) -> new Group()).run(call, flow);
	}

	/**
	 * Returns how many calls of a queue wait for a round trip now.
	 * @param queue the queue
	 * @return the number of waiting calls
	 */
	int waiting(String queue) {
		Group group = this.groups.get(queue);
		return (group != null) ? group.waiting.size() : 0;
	}

	/**
	 * One call: the job to complete, its result as JSON, and the most jobs to claim.
	 *
	 * @param job the claimed job
	 * @param json the result, written as JSON
	 * @param max the most jobs to claim; 0 only completes
	 */
	record Call(ClaimedJob job, String json, int max) {

	}

	/**
	 * The result of one round trip: per call whether its job was completed, in the order
	 * of the calls, and the jobs claimed for all of them, oldest first.
	 *
	 * @param completed whether each call's job was completed
	 * @param claimed the jobs claimed
	 */
	record Outcome(List<Boolean> completed, List<ClaimedJob> claimed) {

	}

	/**
	 * Runs the complete-and-claim flow for a group of calls, claiming the sum of their
	 * {@code max}.
	 */
	@FunctionalInterface
	interface Flow {

		Outcome run(List<Call> calls, int claims);

	}

	private static final class Group {

		private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

		private final Semaphore flights = new Semaphore(MAX_IN_FLIGHT);

		CompleteAndClaimResult run(Call call, Flow flow) {
			Waiting self = new Waiting(call, Thread.currentThread());
			this.waiting.add(self);
			boolean interrupted = false;
			while (!self.done) {
				if (this.flights.tryAcquire()) {
					try {
						fly(flow);
					}
					finally {
						this.flights.release();
					}
					// a call left waiting (a group was full, or it came after the
					// poll) takes the free round trip
					Waiting next = this.waiting.peek();
					if (next != null) {
						LockSupport.unpark(next.thread);
					}
				}
				else {
					LockSupport.park(this);
					if (Thread.interrupted()) {
						interrupted = true;
					}
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			return self.result();
		}

		private void fly(Flow flow) {
			List<Waiting> group = new ArrayList<>();
			List<Call> calls = new ArrayList<>();
			int claims = 0;
			Waiting next;
			while (group.size() < MAX_GROUP && (next = this.waiting.poll()) != null) {
				group.add(next);
				calls.add(next.call);
				claims += next.call.max();
			}
			if (group.isEmpty()) {
				return;
			}
			Outcome outcome;
			try {
				outcome = flow.run(calls, claims);
			}
			catch (RuntimeException | Error ex) {
				// every call of the group gets it, this thread's own when it is one of
				// them; this thread goes on waiting for its own call otherwise
				for (Waiting waiting : group) {
					waiting.finish(null, ex);
				}
				return;
			}
			List<ClaimedJob> claimed = outcome.claimed();
			int from = 0;
			for (int i = 0; i < group.size(); i++) {
				Waiting waiting = group.get(i);
				int to = Math.min(claimed.size(), from + waiting.call.max());
				waiting.finish(new CompleteAndClaimResult(outcome.completed().get(i), claimed.subList(from, to)), null);
				from = to;
			}
		}

	}

	private static final class Waiting {

		final Call call;

		final Thread thread;

		private @Nullable CompleteAndClaimResult result;

		private @Nullable Throwable failure;

		volatile boolean done;

		Waiting(Call call, Thread thread) {
			this.call = call;
			this.thread = thread;
		}

		void finish(@Nullable CompleteAndClaimResult result, @Nullable Throwable failure) {
			this.result = result;
			this.failure = failure;
			this.done = true;
			if (this.thread != Thread.currentThread()) {
				LockSupport.unpark(this.thread);
			}
		}

		CompleteAndClaimResult result() {
			Throwable ex = this.failure;
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex instanceof Error error) {
				throw error;
			}
			if (this.result == null) {
				throw new IllegalStateException("No result for job '" + this.call.job().id() + "'");
			}
			return this.result;
		}

	}

}
