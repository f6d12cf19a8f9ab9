package dev.jobqueue.transaction;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueException;
import dev.jobqueue.JobQueueOperations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The jobs enqueued inside one transaction, written to Redis after its commit and dropped
 * on rollback; a rollback to a savepoint drops the jobs enqueued since the savepoint.
 */
final class DeferredEnqueues implements TransactionSynchronization {

	private static final Log logger = LogFactory.getLog(DeferredEnqueues.class);

	private static final int NAMED_IN_MESSAGE = 10;

	private final Object owner;

	private final JobQueueOperations delegate;

	private final List<DeferredJob> jobs = new ArrayList<>();

	private final Map<Object, Integer> savepoints = new IdentityHashMap<>();

	private boolean committed;

	private DeferredEnqueues(Object owner, JobQueueOperations delegate) {
		this.owner = owner;
		this.delegate = delegate;
	}

	/**
	 * Returns the jobs of the current transaction for an owner, registering them with the
	 * transaction on first use.
	 * @param owner the operations that defer
	 * @param delegate where the jobs go after the commit
	 * @return the jobs, or null when no transaction with synchronization is active
	 */
	static @Nullable DeferredEnqueues current(Object owner, JobQueueOperations delegate) {
		if (!inTransaction()) {
			return null;
		}
		// the list, not a bound resource: a REQUIRES_NEW transaction suspends the list,
		// so its jobs follow its own commit
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof DeferredEnqueues deferred && deferred.owner == owner) {
				return deferred;
			}
		}
		DeferredEnqueues deferred = new DeferredEnqueues(owner, delegate);
		TransactionSynchronizationManager.registerSynchronization(deferred);
		return deferred;
	}

	/**
	 * Returns whether the calling thread runs in a transaction that synchronizes, whose
	 * commit enqueues can wait for.
	 * @return whether enqueues are deferred
	 */
	static boolean inTransaction() {
		return TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.isSynchronizationActive();
	}

	void add(List<DeferredJob> batch) {
		if (this.committed) {
			// enqueued by a synchronization that runs after this one's afterCommit: the
			// transaction is committed, so the jobs go out now
			write(batch);
			return;
		}
		this.jobs.addAll(batch);
	}

	@Override
	public void savepoint(Object savepoint) {
		this.savepoints.put(savepoint, this.jobs.size());
	}

	@Override
	public void savepointRollback(Object savepoint) {
		Integer size = this.savepoints.remove(savepoint);
		if (size != null && size < this.jobs.size()) {
			this.jobs.subList(size, this.jobs.size()).clear();
		}
	}

	@Override
	public void afterCommit() {
		this.committed = true;
		write(drain());
	}

	@Override
	public void afterCompletion(int status) {
		if (status == STATUS_COMMITTED && !this.jobs.isEmpty()) {
			// registered while other synchronizations ran their afterCommit: Spring calls
			// afterCommit only on the synchronizations it had before, but afterCompletion
			// on all of them. Spring logs and swallows exceptions thrown here; write has
			// logged the jobs it could not write.
			try {
				write(drain());
			}
			catch (AfterCommitEnqueueException ex) {
				// logged by write
			}
		}
		this.jobs.clear();
		this.savepoints.clear();
	}

	private List<DeferredJob> drain() {
		List<DeferredJob> batch = new ArrayList<>(this.jobs);
		this.jobs.clear();
		return batch;
	}

	private void write(List<DeferredJob> batch) {
		List<String> failed = new ArrayList<>();
		RuntimeException first = null;
		for (int i = 0; i < batch.size(); i++) {
			DeferredJob job = batch.get(i);
			try {
				if (!this.delegate.enqueueIfAbsent(job.queue(), job.id(), job.payload(), job.options())) {
					throw new IllegalStateException("A job with id '" + job.id() + "' already exists");
				}
			}
			catch (RuntimeException ex) {
				failed.add(job.name());
				if (first == null) {
					first = ex;
				}
				else {
					first.addSuppressed(ex);
				}
				if (ex instanceof JobQueueException && ex.getCause() instanceof DataAccessException) {
					// Redis does not answer: the jobs left would each wait for the same
					// timeout and fail the same way
					batch.subList(i + 1, batch.size()).forEach((rest) -> failed.add(rest.name()));
					break;
				}
			}
		}
		if (first != null) {
			String named = String.join(", ", failed.subList(0, Math.min(failed.size(), NAMED_IN_MESSAGE)))
					+ ((failed.size() > NAMED_IN_MESSAGE) ? ", ..." : "");
			String message = "Transaction committed, but " + failed.size() + " of " + batch.size()
					+ " jobs enqueued in it were not written to Redis and will not run: " + named;
			logger.error(message + " (all: " + failed + ")", first);
			throw new AfterCommitEnqueueException(message, failed, first);
		}
	}

	/**
	 * One job waiting for the commit, with the id its enqueue call returned.
	 *
	 * @param queue the queue name
	 * @param id the id
	 * @param payload the payload, serialized again when written
	 * @param options the options
	 */
	record DeferredJob(String queue, String id, @Nullable Object payload, JobOptions options) {

		String name() {
			return this.queue + "/" + this.id;
		}

	}

}
