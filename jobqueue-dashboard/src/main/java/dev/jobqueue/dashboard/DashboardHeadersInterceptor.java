package dev.jobqueue.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Adds the console's security headers to each of its responses: a content security policy
 * that lets the page load and call only its own origin (so it can make no request to
 * another host), no MIME sniffing, no referrer, no framing by other sites.
 */
public final class DashboardHeadersInterceptor implements HandlerInterceptor {

	/** The console's content security policy. */
	public static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
			+ "form-action 'self'; frame-ancestors 'self'";

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		response.setHeader("Content-Security-Policy", POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("X-Frame-Options", "SAMEORIGIN");
		return true;
	}

}
