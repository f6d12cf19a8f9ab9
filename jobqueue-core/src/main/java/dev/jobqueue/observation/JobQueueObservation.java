package dev.jobqueue.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations jobqueue makes and their keys: one per enqueue call (producer) and one
 * per handler run (consumer).
 */
public enum JobQueueObservation implements ObservationDocumentation {

	/**
	 * An enqueue call: the jobs' hashes written and their ids pushed, in one script.
	 */
	ENQUEUE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJobEnqueueObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeys.JOB_ID, HighCardinalityKeys.JOB_COUNT };
		}

	},

	/**
	 * A handler run: one attempt of a claimed job, from just before the handler is called
	 * to its recorded outcome.
	 */
	HANDLER {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJobRunObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeys.JOB_ID, HighCardinalityKeys.ATTEMPT };
		}

	};

	/**
	 * Keys with few values: they become meter tags.
	 */
	public enum LowCardinalityKeys implements KeyName {

		/**
		 * The queue name.
		 */
		QUEUE {

			@Override
			public String asString() {
				return "jobqueue.queue";
			}

		},

		/**
		 * The kind the payload names (its {@code kind} field, or the configured kind
		 * field); {@code none} when it names none, {@code mixed} for a batch of different
		 * kinds.
		 */
		KIND {

			@Override
			public String asString() {
				return "jobqueue.kind";
			}

		},

		/**
		 * How it ended. Enqueue: {@code enqueued}, {@code skipped}, {@code updated},
		 * {@code refused} or {@code error}. Handler run: {@code completed},
		 * {@code retried}, {@code failed}, {@code rejected}, {@code cancelled},
		 * {@code released} or {@code error}.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "jobqueue.outcome";
			}

		}

	}

	/**
	 * Keys with a value per job: on spans only, never meter tags.
	 */
	public enum HighCardinalityKeys implements KeyName {

		/**
		 * The job id; on an enqueue of several jobs, absent (see {@link #JOB_COUNT}).
		 */
		JOB_ID {

			@Override
			public String asString() {
				return "jobqueue.job.id";
			}

		},

		/**
		 * The number of jobs an enqueue call wrote, when it enqueued several at once.
		 */
		JOB_COUNT {

			@Override
			public String asString() {
				return "jobqueue.job.count";
			}

		},

		/**
		 * The attempt of a handler run, 1 for the first.
		 */
		ATTEMPT {

			@Override
			public String asString() {
				return "jobqueue.job.attempt";
			}

		}

	}

}
