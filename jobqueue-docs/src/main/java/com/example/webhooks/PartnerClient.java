package com.example.webhooks;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * A stand-in for a partner's HTTP API, which answers 429 with a Retry-After of 30 s to a
 * URL ending in {@code /busy}.
 */
@Component
class PartnerClient {

	Response post(String url, String body) {
		if (url.endsWith("/busy")) {
			return new Response(429, Duration.ofSeconds(30));
		}
		return new Response(url.startsWith("https://") ? 204 : 400, Duration.ZERO);
	}

	/** What the partner answered, with its Retry-After header. */
	record Response(int status, Duration retryAfter) {
	}

}
