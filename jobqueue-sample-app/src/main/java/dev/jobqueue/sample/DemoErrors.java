package dev.jobqueue.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers errors as the reference demo does: 404 with the plain text {@code Not Found}
 * for any other route or method, 500 with {@code {"error"}} when a handler fails, and (an
 * addition) 400 with {@code {"error", "field"}} for form input out of range.
 */
@RestControllerAdvice
final class DemoErrors {

	private static final Log logger = LogFactory.getLog(DemoErrors.class);

	@ExceptionHandler(InvalidInputException.class)
	ResponseEntity<Map<String, Object>> invalidInput(InvalidInputException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", ex.getMessage());
		body.put("field", ex.getField());
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class,
			HttpRequestMethodNotSupportedException.class })
	ResponseEntity<String> notFound() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN).body("Not Found");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> failure(Exception ex) {
		HttpStatusCode status = (ex instanceof ErrorResponse response) ? response.getStatusCode()
				: HttpStatus.INTERNAL_SERVER_ERROR;
		if (status.is5xxServerError()) {
			logger.error("Demo request failed", ex);
		}
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
	}

}
