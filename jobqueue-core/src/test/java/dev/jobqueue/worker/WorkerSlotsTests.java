package dev.jobqueue.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerSlots}.
 */
class WorkerSlotsTests {

	@Test
	void growingFreesSlotsAtOnce() throws InterruptedException {
		WorkerSlots slots = new WorkerSlots(1);
		assertThat(slots.tryAcquire(0)).isTrue();
		assertThat(slots.tryAcquire(0)).isFalse();
		slots.resize(3);
		assertThat(slots.size()).isEqualTo(3);
		assertThat(slots.drain()).isEqualTo(2);
	}

	@Test
	void shrinkingTakesFreeSlotsAtOnceAndTheRestAsJobsFinish() throws InterruptedException {
		WorkerSlots slots = new WorkerSlots(3);
		assertThat(slots.tryAcquire(0)).isTrue();
		assertThat(slots.tryAcquire(0)).isTrue();
		slots.resize(1);
		assertThat(slots.tryAcquire(0)).as("the free slot was taken").isFalse();
		slots.release(1);
		assertThat(slots.tryAcquire(0)).as("the first finished job paid the debt").isFalse();
		slots.release(1);
		assertThat(slots.tryAcquire(0)).as("one slot for the new size").isTrue();
		assertThat(slots.tryAcquire(0)).isFalse();
	}

	@Test
	void aShrinkOwesSlotsUntilEnoughRunningJobsGaveThemBack() throws InterruptedException {
		WorkerSlots slots = new WorkerSlots(3);
		assertThat(slots.drain()).isEqualTo(3);
		assertThat(slots.owesSlots()).isFalse();
		slots.resize(1);
		assertThat(slots.owesSlots()).as("three run, one may").isTrue();
		slots.release(1);
		assertThat(slots.owesSlots()).isTrue();
		slots.release(1);
		assertThat(slots.owesSlots()).as("one runs, as the new size allows").isFalse();
	}

	@Test
	void growingAfterAShrinkCancelsTheDebtFirst() throws InterruptedException {
		WorkerSlots slots = new WorkerSlots(2);
		assertThat(slots.drain()).isEqualTo(2);
		slots.resize(1);
		slots.resize(2);
		assertThat(slots.tryAcquire(0)).isFalse();
		slots.release(1);
		assertThat(slots.drain()).isEqualTo(1);
	}

	@Test
	void awaitIdleIsTrueOnlyWhenEverySlotIsFree() throws InterruptedException {
		WorkerSlots slots = new WorkerSlots(2);
		assertThat(slots.awaitIdle(10)).isTrue();
		assertThat(slots.tryAcquire(0)).isTrue();
		assertThat(slots.awaitIdle(10)).isFalse();
		slots.release(1);
		assertThat(slots.awaitIdle(10)).isTrue();
		assertThat(slots.drain()).as("awaiting gives the slots back").isEqualTo(2);
	}

}
