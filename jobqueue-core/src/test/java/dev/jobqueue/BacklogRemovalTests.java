package dev.jobqueue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import io.lettuce.core.LMoveArgs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Removal of one processing entry in a long processing list: complete, fail and release
 * remove the job's entry from the end it is nearer to (one entry, even when the id is
 * listed more than once, as a reference client can leave it; on a list of at most 64
 * entries the leftmost, as the reference removes it), and the sweep reads a bounded
 * window per call and finds an expired lease however deep its entry lies.
 */
class BacklogRemovalTests extends AbstractRedisTests {

	private static final long VISIBILITY = 5000;

	/** Longer than two of remove_entry's first probes and than the sweep's window. */
	private static final int FILLERS = 600;

	@Test
	void completeRemovesTheJobAtTheNewestEndOfALongProcessingList() {
		List<String> older = fillers("old", FILLERS);
		redis.rpush(this.keys.processing(), older.toArray(String[]::new));
		ClaimedJob job = claimOne();

		assertThat(this.worker.complete(job, "done")).isTrue();

		assertThat(list(this.keys.processing())).isEqualTo(older);
	}

	@Test
	void completeRemovesTheJobAtTheOldestEndOfALongProcessingList() {
		ClaimedJob job = claimOne();
		List<String> newer = fillers("new", FILLERS);
		pushNewest(newer);

		assertThat(this.worker.complete(job, "done")).isTrue();

		assertThat(list(this.keys.processing())).isEqualTo(newest(newer));
	}

	@Test
	void completeRemovesTheJobInTheMiddleOfALongProcessingList() {
		List<String> older = fillers("old", FILLERS / 2);
		redis.rpush(this.keys.processing(), older.toArray(String[]::new));
		ClaimedJob job = claimOne();
		List<String> newer = fillers("new", FILLERS / 2);
		pushNewest(newer);

		assertThat(this.worker.complete(job, "done")).isTrue();

		List<String> expected = new ArrayList<>(newest(newer));
		expected.addAll(older);
		assertThat(list(this.keys.processing())).isEqualTo(expected);
		assertThat(hash(job.id())).containsEntry("status", "completed");
	}

	@Test
	void failAndReleaseRemoveTheJobAtEitherEndOrInTheMiddle() {
		for (int at : new int[] { 0, FILLERS / 2, FILLERS }) {
			assertRemovedAt(at, (job) -> assertThat(this.worker.fail(job, "bad")).isEqualTo(FailOutcome.RETRIED));
			assertRemovedAt(at, (job) -> assertThat(this.worker.release(List.of(job))).containsExactly(job));
		}
	}

	@Test
	void withTheIdListedTwiceOnlyTheEntryNearestToAnEndIsRemoved() {
		// the job's own entry is 100 entries from the newest end; a reference client
		// pushed its id again 40 from the oldest end: both past the first probes of 32,
		// within the next, and the oldest-end one is nearer
		List<String> oldest = fillers("old", 40);
		redis.rpush(this.keys.processing(), fillers("mid", 300).toArray(String[]::new));
		ClaimedJob job = claimOne();
		pushNewest(fillers("new", 100));
		redis.rpush(this.keys.processing(), job.id());
		redis.rpush(this.keys.processing(), oldest.toArray(String[]::new));
		List<String> before = list(this.keys.processing());
		assertThat(before.indexOf(job.id())).isEqualTo(100);

		assertThat(this.worker.complete(job, "done")).isTrue();

		List<String> expected = new ArrayList<>(before);
		expected.remove(before.lastIndexOf(job.id()));
		assertThat(list(this.keys.processing())).isEqualTo(expected);
	}

	@Test
	void furtherThanTheProbesFromBothEndsTheLeftmostEntryIsRemoved() {
		// 1,200 entries on each side of the job's own entry, and a second entry of the id
		// 900 from the oldest end: both past the probes of 512, so LREM 1 removes the
		// leftmost, the job's own entry
		List<String> newer = fillers("new", 1200);
		List<String> older = fillers("old", 1200);
		redis.rpush(this.keys.processing(), fillers("far", 300).toArray(String[]::new));
		ClaimedJob job = claimOne();
		redis.rpush(this.keys.processing(), job.id());
		redis.rpush(this.keys.processing(), older.subList(300, 1200).toArray(String[]::new));
		redis.lpush(this.keys.processing(), newer.toArray(String[]::new));
		List<String> before = list(this.keys.processing());
		assertThat(before.indexOf(job.id())).isEqualTo(1200);
		assertThat(before.size() - 1 - before.lastIndexOf(job.id())).isEqualTo(900);

		assertThat(this.worker.complete(job, "done")).isTrue();

		List<String> expected = new ArrayList<>(before);
		expected.remove(1200);
		assertThat(list(this.keys.processing())).isEqualTo(expected);
	}

	@Test
	void withTheIdListedTwiceNearTheNewestEndTheNewerEntryIsRemoved() {
		List<String> older = fillers("old", FILLERS);
		redis.rpush(this.keys.processing(), older.toArray(String[]::new));
		ClaimedJob job = claimOne();
		redis.lpush(this.keys.processing(), "between");
		redis.lpush(this.keys.processing(), job.id());
		List<String> before = list(this.keys.processing());

		assertThat(this.worker.complete(job, "done")).isTrue();

		assertThat(list(this.keys.processing())).isEqualTo(before.subList(1, before.size()));
	}

	@Test
	void onAShortListWithTheIdListedTwiceExactlyOneEntryTheLeftmostIsRemoved() {
		// at most two first probes long: LREM 1 alone removes the leftmost entry, as the
		// reference does, though the other lies nearer to the oldest end
		ClaimedJob job = claimOne();
		pushNewest(fillers("new", 10));
		redis.rpush(this.keys.processing(), "old-0", job.id(), "old-1");
		List<String> before = list(this.keys.processing());
		assertThat(before).hasSizeLessThanOrEqualTo(64);
		assertThat(before.indexOf(job.id())).isEqualTo(10);
		assertThat(before.size() - 1 - before.lastIndexOf(job.id())).isEqualTo(1);

		assertThat(this.worker.complete(job, "done")).isTrue();

		List<String> expected = new ArrayList<>(before);
		expected.remove(10);
		assertThat(list(this.keys.processing())).isEqualTo(expected).containsOnlyOnce(job.id());
	}

	@Test
	void aJobWhoseEntryIsGoneIsStillCompletedAndNothingElseIsRemoved() {
		ClaimedJob job = claimOne();
		redis.lrem(this.keys.processing(), 0, job.id());
		List<String> others = fillers("other", FILLERS);
		redis.rpush(this.keys.processing(), others.toArray(String[]::new));

		assertThat(this.worker.complete(job, "done")).isTrue();

		assertThat(list(this.keys.processing())).isEqualTo(others);
	}

	@Test
	void theSweepFindsAnExpiredLeaseDeepInALongProcessingListInOneCall() {
		List<ClaimedJob> older = claimMany(FILLERS / 2);
		ClaimedJob stuck = claimOne();
		List<ClaimedJob> newer = claimMany(FILLERS / 2);
		this.clock.advance(VISIBILITY + 1);
		this.worker.extendLeases(older);
		this.worker.extendLeases(newer);
		List<String> before = list(this.keys.processing());

		ReclaimResult result = this.admin.reclaimStuck(this.queue);

		assertThat(result.reclaimed()).containsExactly(stuck.id());
		List<String> expected = new ArrayList<>(before);
		expected.remove(stuck.id());
		assertThat(list(this.keys.processing())).isEqualTo(expected);
		assertThat(list(this.keys.pending())).containsExactly(stuck.id());
		assertThat(hash(stuck.id())).containsEntry("status", "pending").containsEntry("claim_token", "");
	}

	@Test
	void theSweepReadsAWindowPerCallAndReachesAReferenceClaimAtTheNewestEnd() {
		List<ClaimedJob> running = claimMany(FILLERS);
		// a reference helper's claim: BLMOVE and its claim writes, no lease
		String reference = this.jobs.enqueue(this.queue, "ref");
		redis.lmove(this.keys.pending(), this.keys.processing(), LMoveArgs.Builder.rightLeft());
		redis.hset(this.keys.job(reference), "status", "processing");
		redis.hset(this.keys.job(reference), "claimed_at_ms", String.valueOf(T0));
		redis.hset(this.keys.job(reference), "claim_token", "0123456789abcdef");
		this.clock.advance(VISIBILITY + 1);
		this.worker.extendLeases(running);
		List<String> others = new ArrayList<>(list(this.keys.processing()));
		others.remove(reference);

		// 601 entries, 256 per call from the oldest end: the third call reaches it
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).isEmpty();
		assertThat(redis.get(this.keys.sweepCursor())).isEqualTo("256");
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).isEmpty();
		assertThat(redis.get(this.keys.sweepCursor())).isEqualTo("512");
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(reference);
		assertThat(redis.exists(this.keys.sweepCursor())).as("starts over at the oldest end").isZero();

		assertThat(list(this.keys.processing())).isEqualTo(others);
		assertThat(list(this.keys.pending())).containsExactly(reference);
	}

	@Test
	void theSweepRemovesOnlyTheEntriesItDropsFromItsWindow() {
		List<ClaimedJob> running = claimMany(FILLERS);
		List<String> finished = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String id = this.jobs.enqueue(this.queue, "finished-" + i);
			this.worker.complete(claimOne(), "done");
			finished.add(id);
		}
		// leftover entries of finished jobs inside the first window (oldest end), at
		// both of its edges and in between, one of them twice
		redis.rpush(this.keys.processing(), finished.get(0));
		redis.linsert(this.keys.processing(), true, running.get(100).id(), finished.get(1));
		redis.linsert(this.keys.processing(), true, running.get(100).id(), finished.get(1));
		List<String> before = list(this.keys.processing());
		// after the last entry of the window, which so becomes the first past it
		redis.linsert(this.keys.processing(), false, before.get(before.size() - 256), finished.get(2));
		List<String> expected = new ArrayList<>(list(this.keys.processing()));
		expected.removeAll(finished);
		this.worker.extendLeases(running);

		ReclaimResult result = this.admin.reclaimStuck(this.queue);

		assertThat(result.isEmpty()).isTrue();
		assertThat(list(this.keys.processing())).isEqualTo(expected);
		assertThat(redis.get(this.keys.sweepCursor())).as("the window less its removed entries")
			.isEqualTo(String.valueOf(256 - 4));
	}

	private void assertRemovedAt(int newerCount, Consumer<ClaimedJob> remove) {
		redis.del(this.keys.processing(), this.keys.pending());
		List<String> older = fillers("old", FILLERS - newerCount);
		if (!older.isEmpty()) {
			redis.rpush(this.keys.processing(), older.toArray(String[]::new));
		}
		ClaimedJob job = claimOne();
		List<String> newer = fillers("new", newerCount);
		if (!newer.isEmpty()) {
			pushNewest(newer);
		}

		remove.accept(job);

		List<String> expected = new ArrayList<>(newest(newer));
		expected.addAll(older);
		assertThat(list(this.keys.processing())).as("job %d entries from the newest end", newerCount)
			.isEqualTo(expected);
		assertThat(list(this.keys.pending())).containsExactly(job.id());
	}

	private ClaimedJob claimOne() {
		if (redis.llen(this.keys.pending()) == 0) {
			this.jobs.enqueue(this.queue, "job");
		}
		return this.worker.claimAvailable(this.queue, 1).get(0);
	}

	private List<ClaimedJob> claimMany(int count) {
		List<ClaimedJob> claimed = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			this.jobs.enqueue(this.queue, i);
			claimed.add(this.worker.claimAvailable(this.queue, 1).get(0));
		}
		return claimed;
	}

	private void pushNewest(List<String> ids) {
		redis.lpush(this.keys.processing(), ids.toArray(String[]::new));
	}

	/** The list order of ids after {@link #pushNewest}: the last pushed leftmost. */
	private static List<String> newest(List<String> ids) {
		List<String> reversed = new ArrayList<>(ids);
		Collections.reverse(reversed);
		return reversed;
	}

	private static List<String> fillers(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + "-" + i).toList();
	}

}
