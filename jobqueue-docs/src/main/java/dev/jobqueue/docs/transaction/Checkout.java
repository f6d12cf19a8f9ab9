package dev.jobqueue.docs.transaction;

import java.math.BigDecimal;
import java.util.List;

import dev.jobqueue.transaction.AfterCommitEnqueueException;

import org.springframework.stereotype.Component;

/**
 * A caller of {@link OrderService} that learns when an order was stored but its job was
 * lost, as {@code docs/transactions.md} shows it.
 */
@Component
public class Checkout {

	private final OrderService orders;

	/**
	 * Creates the example.
	 * @param orders the transactional service
	 */
	public Checkout(OrderService orders) {
		this.orders = orders;
	}

	// tag::lost[]
	/**
	 * Places an order.
	 * @param id the order id
	 * @param total the order total
	 * @return the jobs the commit could not write, as queue/id; empty when all went out
	 */
	public List<String> checkout(String id, BigDecimal total) {
		try {
			this.orders.placeOrder(id, total);
			return List.of();
		}
		catch (AfterCommitEnqueueException ex) {
			// the order is committed in the database, its confirmation is not in Redis
			// (Redis did not answer after the commit): enqueue it again or alert
			return ex.getNotEnqueued();
		}
	}
	// end::lost[]

}
