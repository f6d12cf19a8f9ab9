package dev.jobqueue.benchmarks;

/**
 * A queue under test: prepares a phase (connections up, jobs enqueued for a drain) so
 * that only the work itself is timed.
 */
interface Subject {

	String name();

	Run prepare(Phase phase, int port) throws Exception;

	/**
	 * A prepared phase, ready to be timed.
	 */
	interface Run extends AutoCloseable {

		Timing run() throws Exception;

		/**
		 * @return the CPU time the client process has used so far, in microseconds
		 */
		long clientCpuMicros();

		/**
		 * @return connections the subject opened only to observe the phase (left out of
		 * the client count)
		 */
		default int observerConnections() {
			return 0;
		}

	}

	/**
	 * What a timed phase measured in the client.
	 *
	 * @param seconds the wall time of the timed part
	 * @param jobs the jobs it handled
	 * @param startLatencies enqueue-to-handler-start per job, milliseconds (latency phase
	 * only)
	 * @param completeLatencies enqueue-to-completed per job, milliseconds (latency phase
	 * only)
	 */
	record Timing(double seconds, long jobs, double[] startLatencies, double[] completeLatencies) {

		Timing(double seconds, long jobs) {
			this(seconds, jobs, new double[0], new double[0]);
		}

	}

}
