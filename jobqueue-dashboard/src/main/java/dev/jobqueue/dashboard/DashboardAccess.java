package dev.jobqueue.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * Who may see payloads and who may act: payloads follow the {@code show-values} rule of
 * the {@code jobqueue} endpoint; actions need the switch, and then either the role (with
 * Spring Security) or the explicit acknowledgement that anyone reaching the console may
 * act (without it). Every action also needs the console's own CSRF token, kept in the
 * session of a user who may act.
 */
public final class DashboardAccess {

	/** The header that carries the console's CSRF token. */
	public static final String TOKEN_HEADER = "X-JobQueue-Token";

	private static final String TOKEN_ATTRIBUTE = DashboardAccess.class.getName() + ".token";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ValuesShown valuesShown;

	private final Set<String> valueRoles;

	private final boolean actionsOn;

	private final @Nullable String actionRole;

	/**
	 * Creates the rules.
	 * @param valuesShown when payloads and results are shown
	 * @param valueRoles the roles that may see them when authorized; empty for any
	 * authenticated user
	 * @param actionsOn whether actions are switched on (and, without Spring Security,
	 * acknowledged)
	 * @param actionRole the role a user needs to act, or null when actions need no role
	 * (no Spring Security)
	 */
	public DashboardAccess(ValuesShown valuesShown, Set<String> valueRoles, boolean actionsOn,
			@Nullable String actionRole) {
		this.valuesShown = valuesShown;
		this.valueRoles = Set.copyOf(valueRoles);
		this.actionsOn = actionsOn;
		this.actionRole = actionRole;
	}

	/**
	 * Whether a request may see payloads and results.
	 * @param request the request
	 * @return true when shown
	 */
	public boolean showsValues(HttpServletRequest request) {
		return switch (this.valuesShown) {
			case NEVER -> false;
			case ALWAYS -> true;
			case WHEN_AUTHORIZED -> request.getUserPrincipal() != null
					&& (this.valueRoles.isEmpty() || this.valueRoles.stream().anyMatch(request::isUserInRole));
		};
	}

	/**
	 * Whether actions are switched on at all in this application.
	 * @return true when on
	 */
	public boolean actionsOn() {
		return this.actionsOn;
	}

	/**
	 * Whether the user of a request may act.
	 * @param request the request
	 * @return true when actions are on and the user has the role, if one is needed
	 */
	public boolean mayAct(HttpServletRequest request) {
		if (!this.actionsOn) {
			return false;
		}
		return this.actionRole == null || request.isUserInRole(this.actionRole);
	}

	/**
	 * Returns the CSRF token of a user who may act, creating their session if needed.
	 * @param request the request
	 * @return the token, or null for a user who may not act
	 */
	public @Nullable String token(HttpServletRequest request) {
		if (!mayAct(request)) {
			return null;
		}
		HttpSession session = request.getSession(true);
		Object token = session.getAttribute(TOKEN_ATTRIBUTE);
		if (token instanceof String existing) {
			return existing;
		}
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String created = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		session.setAttribute(TOKEN_ATTRIBUTE, created);
		return created;
	}

	/**
	 * Whether a request may act and carries the CSRF token of its session.
	 * @param request the request
	 * @return true when the action may go ahead
	 */
	public boolean mayPerform(HttpServletRequest request) {
		if (!mayAct(request)) {
			return false;
		}
		HttpSession session = request.getSession(false);
		String sent = request.getHeader(TOKEN_HEADER);
		Object expected = (session != null) ? session.getAttribute(TOKEN_ATTRIBUTE) : null;
		return sent != null && expected instanceof String token
				&& MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
	}

}
