package dev.jobqueue.docs.aot;

import dev.jobqueue.annotation.JobHandler;
import tools.jackson.databind.JsonNode;

import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.stereotype.Component;

/**
 * Handlers whose payload types the AOT processing finds, and one whose type it cannot
 * see, as {@code docs/aot.md} shows them.
 */
@Component
public class ShippingJobs {

	// tag::found[]
	/**
	 * Ships a parcel: {@code Parcel} and {@code Label} get binding hints at build time.
	 * @param parcel the payload
	 * @return the result
	 */
	@JobHandler(queue = "shipping")
	public Label ship(Parcel parcel) {
		return new Label("T-" + parcel.weightGrams());
	}
	// end::found[]

	// tag::unseen[]
	/**
	 * Reads a payload as a tree and converts part of it later: the build sees only
	 * {@code JsonNode}, so the type converted to is named for it.
	 * @param payload the payload
	 */
	@JobHandler(queue = "returns")
	@RegisterReflectionForBinding(Parcel.class)
	public void handleReturn(JsonNode payload) {
		// ... converts payload.get("parcel") into a Parcel with the application's mapper
	}
	// end::unseen[]

	/**
	 * A parcel to ship.
	 *
	 * @param address where to
	 * @param weightGrams how heavy
	 */
	public record Parcel(String address, int weightGrams) {
	}

	/**
	 * A shipping label.
	 *
	 * @param trackingNumber the tracking number
	 */
	public record Label(String trackingNumber) {
	}

}
