package dev.jobqueue.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * A run of the benchmark's own client that closes its connections with a given action and
 * reports the CPU time of this JVM.
 */
abstract class ClosingRun implements Subject.Run {

	private final Runnable closer;

	ClosingRun(Runnable closer) {
		this.closer = closer;
	}

	@Override
	public void close() throws Exception {
		this.closer.run();
	}

	@Override
	public long clientCpuMicros() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1000;
	}

}
