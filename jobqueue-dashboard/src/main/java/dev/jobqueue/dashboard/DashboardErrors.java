package dev.jobqueue.dashboard;

import java.util.Map;

import dev.jobqueue.JobQueueException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * Turns the console's errors into a JSON body with a message the page can show, whatever
 * the application's {@code server.error.*} settings; Redis being down is a 503.
 */
@RestControllerAdvice(assignableTypes = { DashboardApiController.class, DashboardActionController.class })
public final class DashboardErrors {

	private static final Log logger = LogFactory.getLog(DashboardErrors.class);

	/**
	 * Answers an error the console raised on purpose.
	 * @param ex the error
	 * @return its status and reason
	 */
	@ExceptionHandler(ResponseStatusException.class)
	public ResponseEntity<Map<String, Object>> status(ResponseStatusException ex) {
		String reason = ex.getReason();
		return body(HttpStatus.valueOf(ex.getStatusCode().value()), (reason != null) ? reason : "");
	}

	/**
	 * Answers a request without a required parameter.
	 * @param ex the error
	 * @return 400 naming the parameter
	 */
	@ExceptionHandler(MissingServletRequestParameterException.class)
	public ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException ex) {
		return body(HttpStatus.BAD_REQUEST, "Missing parameter '" + ex.getParameterName() + "'");
	}

	/**
	 * Answers a request that Redis could not serve.
	 * @param ex the error
	 * @return 503 with the cause
	 */
	@ExceptionHandler({ DataAccessException.class, JobQueueException.class })
	public ResponseEntity<Map<String, Object>> redis(RuntimeException ex) {
		logger.warn("Dashboard request failed on Redis: " + ex.getMessage());
		return body(HttpStatus.SERVICE_UNAVAILABLE, "Redis did not answer: " + ex.getMessage());
	}

	private static ResponseEntity<Map<String, Object>> body(HttpStatus status, String message) {
		return ResponseEntity.status(status).body(Map.of("status", status.value(), "message", message));
	}

}
