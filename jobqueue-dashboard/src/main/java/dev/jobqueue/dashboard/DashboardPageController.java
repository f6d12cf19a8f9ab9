package dev.jobqueue.dashboard;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * Serves the console's page and its files under the configured path.
 */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}")
public final class DashboardPageController {

	private static final String SECURITY_CSRF = "org.springframework.security.web.csrf.CsrfToken";

	private final DashboardAssets assets;

	private final DashboardAccess access;

	private final String path;

	private final Duration refreshInterval;

	/**
	 * Creates the controller.
	 * @param assets the console's files
	 * @param access who may see and do what
	 * @param path the path the console is served at
	 * @param refreshInterval how often the pages refresh
	 */
	public DashboardPageController(DashboardAssets assets, DashboardAccess access, String path,
			Duration refreshInterval) {
		this.assets = assets;
		this.access = access;
		this.path = path;
		this.refreshInterval = refreshInterval;
	}

	/**
	 * Returns the page; the overview, queue and job pages are views of it.
	 * @param request the request, for the user's CSRF tokens
	 * @return the HTML
	 */
	@GetMapping({ "", "/" })
	public ResponseEntity<String> page(HttpServletRequest request) {
		String token = this.access.token(request);
		String[] security = (token != null) ? securityCsrf(request) : new String[] { "", "" };
		String html = this.assets.shell()
			.replace("{{base}}", escape(this.path))
			.replace("{{refreshMs}}", String.valueOf(this.refreshInterval.toMillis()))
			.replace("{{actions}}", String.valueOf(token != null))
			.replace("{{tokenHeader}}", DashboardAccess.TOKEN_HEADER)
			.replace("{{token}}", escape((token != null) ? token : ""))
			.replace("{{securityHeader}}", escape(security[0]))
			.replace("{{securityToken}}", escape(security[1]));
		return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore()).body(html);
	}

	/**
	 * Returns one of the console's files.
	 * @param name the file name
	 * @param ifNoneMatch the entity tag the browser holds, if any
	 * @return the file, 304 when unchanged, or 404 for any other name
	 */
	@GetMapping("/assets/{name}")
	public ResponseEntity<byte[]> asset(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		DashboardAssets.Asset asset = this.assets.get(name);
		if (asset == null) {
			return ResponseEntity.notFound().build();
		}
		if (asset.etag().equals(ifNoneMatch)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(asset.etag()).build();
		}
		return ResponseEntity.ok()
			.contentType(asset.type())
			.eTag(asset.etag())
			.cacheControl(CacheControl.noCache())
			.body(asset.bytes());
	}

	/**
	 * Returns Spring Security's CSRF header name and token when its CSRF protection is
	 * on, read without depending on Spring Security.
	 */
	private static String[] securityCsrf(HttpServletRequest request) {
		Object token = request.getAttribute(SECURITY_CSRF);
		if (token == null) {
			return new String[] { "", "" };
		}
		BeanWrapperImpl wrapper = new BeanWrapperImpl(token);
		return new String[] { String.valueOf(wrapper.getPropertyValue("headerName")),
				String.valueOf(wrapper.getPropertyValue("token")) };
	}

	private static String escape(String value) {
		return HtmlUtils.htmlEscape(value);
	}

}
