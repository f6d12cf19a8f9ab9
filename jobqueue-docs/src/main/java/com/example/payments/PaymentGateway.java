package com.example.payments;

import java.util.UUID;

import org.springframework.stereotype.Component;

/** A stand-in for a payment provider's client, which declines cards ending in 0. */
@Component
class PaymentGateway {

	Reply charge(String card, long cents) {
		boolean declined = card.endsWith("0");
		return new Reply(declined, declined ? "insufficient funds" : "", UUID.randomUUID().toString());
	}

	/** What the provider answered. */
	record Reply(boolean declined, String reason, String transactionId) {
	}

}
