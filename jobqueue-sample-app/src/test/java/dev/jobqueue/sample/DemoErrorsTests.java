package dev.jobqueue.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DemoErrors}: the answers the HTTP tests cannot provoke without
 * breaking Redis.
 */
class DemoErrorsTests {

	private final DemoErrors errors = new DemoErrors();

	@Test
	void aFailingHandlerAnswers500WithTheErrorMessage() {
		ResponseEntity<Map<String, Object>> response = this.errors.failure(new IllegalStateException("Redis is gone"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(response.getBody()).containsExactly(Map.entry("error", "Redis is gone"));
	}

	@Test
	void anExceptionWithoutMessageIsNamedByItsType() {
		assertThat(this.errors.failure(new NullPointerException()).getBody())
			.containsExactly(Map.entry("error", "NullPointerException"));
	}

	@Test
	void springsOwnErrorsKeepTheirStatus() {
		ResponseEntity<Map<String, Object>> response = this.errors
			.failure(new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "no"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
	}

}
