package dev.jobqueue.docs.transaction;

import java.math.BigDecimal;

import dev.jobqueue.JobQueueOperations;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An order service that stores an order and enqueues its confirmation e-mail in one
 * transaction, as {@code docs/transactions.md} shows it.
 */
@Service
public class OrderService {

	private final JdbcClient jdbc;

	private final JobQueueOperations jobs;

	/**
	 * Creates the example.
	 * @param jdbc the database
	 * @param jobs the starter's producer, transaction-aware by default
	 */
	public OrderService(JdbcClient jdbc, JobQueueOperations jobs) {
		this.jdbc = jdbc;
		this.jobs = jobs;
	}

	// tag::place[]
	/**
	 * Stores an order and enqueues its confirmation.
	 * @param id the order id
	 * @param total the order total
	 * @return the id of the confirmation job, written to Redis after the commit
	 */
	@Transactional
	public String placeOrder(String id, BigDecimal total) {
		this.jdbc.sql("insert into orders (id, total) values (?, ?)").params(id, total).update();
		// the id is returned now; the job is written when the transaction commits,
		// and not at all when it rolls back (an exception below, or rollback-only)
		String jobId = this.jobs.enqueue("emails", new OrderConfirmation(id));
		this.jdbc.sql("update orders set confirmation_job = ? where id = ?").params(jobId, id).update();
		return jobId;
	}
	// end::place[]

	/**
	 * The payload of a confirmation e-mail job.
	 *
	 * @param orderId the order
	 */
	public record OrderConfirmation(String orderId) {
	}

}
