package dev.jobqueue.dashboard;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.jobqueue.JobOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's security over plain HTTP: actions are POSTs that need the role and both
 * CSRF tokens, reads are open and mask payloads, every response carries the content
 * security policy.
 */
class DashboardHttpTests extends DashboardTestSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void anonymousUserCannotAct() throws Exception {
		String failed = seed().get(4);
		Client anonymous = new Client(null, null);
		anonymous.page();
		assertThat(anonymous.token).isEmpty();
		assertThat(anonymous.post("retry", "queue=" + QUEUE + "&id=" + failed).statusCode()).isEqualTo(403);
		assertThat(redis().hget(key(QUEUE, "job:" + failed), "status")).isEqualTo("failed");
	}

	@Test
	void actionWithoutTheConsolesTokenIsForbidden() throws Exception {
		String failed = seed().get(4);
		Client admin = new Client("admin", DashboardTestApplication.ADMIN_PASSWORD);
		admin.page();
		assertThat(admin.token).isNotEmpty();
		String consoleToken = admin.token;
		admin.token = "";
		assertThat(admin.post("retry", "queue=" + QUEUE + "&id=" + failed).statusCode()).isEqualTo(403);
		admin.token = consoleToken;
		admin.securityToken = "";
		assertThat(admin.post("retry", "queue=" + QUEUE + "&id=" + failed).statusCode()).isEqualTo(403);
		assertThat(redis().hget(key(QUEUE, "job:" + failed), "status")).isEqualTo("failed");
	}

	@Test
	void userWithoutTheRoleCannotAct() throws Exception {
		String failed = seed().get(4);
		Client viewer = new Client("viewer", DashboardTestApplication.VIEWER_PASSWORD);
		String page = viewer.page();
		assertThat(page).contains("name=\"jobqueue-actions\" content=\"false\"");
		Client admin = new Client("admin", DashboardTestApplication.ADMIN_PASSWORD);
		admin.page();
		// Even with an admin's tokens, the viewer's own session and role decide.
		viewer.token = admin.token;
		assertThat(viewer.post("retry", "queue=" + QUEUE + "&id=" + failed).statusCode()).isEqualTo(403);
		assertThat(redis().hget(key(QUEUE, "job:" + failed), "status")).isEqualTo("failed");
	}

	@Test
	void adminWithTokensActs() throws Exception {
		String failed = seed().get(4);
		Client admin = new Client("admin", DashboardTestApplication.ADMIN_PASSWORD);
		admin.page();
		HttpResponse<String> response = admin.post("retry", "queue=" + QUEUE + "&id=" + failed);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"count\":1");
		assertThat(redis().hget(key(QUEUE, "job:" + failed), "status")).isEqualTo("pending");
	}

	@Test
	void delayedJobsAreListedSoonestFirstWithTheirDueTime() throws Exception {
		seed();
		long before = System.currentTimeMillis();
		String later = this.jobs.enqueue(QUEUE, order(7), JobOptions.delay(Duration.ofHours(2)));
		String sooner = this.jobs.enqueue(QUEUE, order(8), JobOptions.delay(Duration.ofHours(1)));
		HttpResponse<String> response = new Client(null, null).get("/api/queue?name=" + QUEUE + "&state=delayed");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode view = json.readTree(response.body());
		assertThat(view.get("depths").get("delayed").asLong()).isEqualTo(2);
		JsonNode page = view.get("page");
		assertThat(page.get("total").asLong()).isEqualTo(2);
		assertThat(page.get("jobs").get(0).get("id").asString()).isEqualTo(sooner);
		assertThat(page.get("jobs").get(1).get("id").asString()).isEqualTo(later);
		assertThat(page.get("jobs").get(0).get("status").asString()).isEqualTo("delayed");
		assertThat(page.get("jobs").get(0).get("runAtMs").asLong()).isGreaterThanOrEqualTo(before + 3_600_000);
		JsonNode schedule = view.get("schedules").get(0);
		assertThat(schedule.get("name").asString()).isEqualTo(SCHEDULE);
		assertThat(schedule.get("trigger").asString()).isEqualTo("0 0 3 1 1 * (UTC)");
		assertThat(schedule.get("nextTickMs").asLong()).isGreaterThan(before);
	}

	@Test
	void runNowAndTriggerNeedTheRoleAndTheTokens() throws Exception {
		seed();
		String delayed = this.jobs.enqueue(QUEUE, order(7), JobOptions.delay(Duration.ofHours(1)));
		Client anonymous = new Client(null, null);
		anonymous.page();
		Client viewer = new Client("viewer", DashboardTestApplication.VIEWER_PASSWORD);
		viewer.page();
		Client admin = new Client("admin", DashboardTestApplication.ADMIN_PASSWORD);
		admin.page();
		String consoleToken = admin.token;
		for (Client refused : List.of(anonymous, viewer)) {
			assertThat(refused.post("run-now", "queue=" + QUEUE + "&id=" + delayed).statusCode()).isEqualTo(403);
			assertThat(refused.post("trigger", "queue=" + QUEUE + "&schedule=" + SCHEDULE).statusCode()).isEqualTo(403);
		}
		admin.token = "";
		assertThat(admin.post("run-now", "queue=" + QUEUE + "&id=" + delayed).statusCode()).isEqualTo(403);
		assertThat(admin.post("trigger", "queue=" + QUEUE + "&schedule=" + SCHEDULE).statusCode()).isEqualTo(403);
		assertThat(redis().hget(key(QUEUE, "job:" + delayed), "status")).isEqualTo("delayed");
		assertThat(redis().llen(key(QUEUE, "pending"))).isEqualTo(2);

		admin.token = consoleToken;
		HttpResponse<String> ranNow = admin.post("run-now", "queue=" + QUEUE + "&id=" + delayed);
		assertThat(ranNow.statusCode()).isEqualTo(200);
		assertThat(ranNow.body()).contains("\"count\":1");
		assertThat(redis().hget(key(QUEUE, "job:" + delayed), "status")).isEqualTo("pending");
		assertThat(redis().zscore(key(QUEUE, "delayed"), delayed)).isNull();
		assertThat(redis().lrange(key(QUEUE, "pending"), 0, -1)).contains(delayed);
		assertThat(admin.post("run-now", "queue=" + QUEUE + "&id=" + delayed).body()).contains("\"count\":0");

		HttpResponse<String> triggered = admin.post("trigger", "queue=" + QUEUE + "&schedule=" + SCHEDULE);
		assertThat(triggered.statusCode()).isEqualTo(200);
		String id = json.readTree(triggered.body()).get("id").asString();
		assertThat(redis().hget(key(QUEUE, "job:" + id), "schedule")).isEqualTo(SCHEDULE);
		assertThat(redis().hget(key(QUEUE, "job:" + id), "payload")).contains("secret-card-99");
		assertThat(redis().lrange(key(QUEUE, "pending"), 0, -1)).contains(id);
		assertThat(redis().hget(key(QUEUE, "schedule:" + SCHEDULE), "last_tick_ms")).as("a trigger is no tick")
			.isNull();
		assertThat(admin.post("trigger", "queue=" + QUEUE + "&schedule=nope").statusCode()).isEqualTo(404);
	}

	@Test
	void onlyAnAdminWithTokensPausesAndResumesTheQueueForEveryInstance() throws Exception {
		seed();
		Client viewer = new Client("viewer", DashboardTestApplication.VIEWER_PASSWORD);
		viewer.page();
		assertThat(viewer.post("pause", "queue=" + QUEUE).statusCode()).isEqualTo(403);
		assertThat(redis().hget(key(QUEUE, "settings"), "paused")).isNull();

		Client admin = new Client("admin", DashboardTestApplication.ADMIN_PASSWORD);
		admin.page();
		HttpResponse<String> paused = admin.post("pause", "queue=" + QUEUE);
		assertThat(paused.statusCode()).isEqualTo(200);
		assertThat(paused.body()).contains("\"count\":1");
		assertThat(redis().hget(key(QUEUE, "settings"), "paused")).isEqualTo("1");

		HttpResponse<String> resumed = admin.post("resume", "queue=" + QUEUE);
		assertThat(resumed.statusCode()).isEqualTo(200);
		assertThat(resumed.body()).contains("\"count\":0");
		assertThat(redis().hget(key(QUEUE, "settings"), "paused")).isNull();
	}

	@Test
	void adminRetriesEveryFailedJobDeletesAJobAndPurgesOnlyWithTheQueuesName() throws Exception {
		List<String> ids = seed();
		Client admin = new Client("admin", DashboardTestApplication.ADMIN_PASSWORD);
		admin.page();

		HttpResponse<String> retried = admin.post("retry-failed", "queue=" + QUEUE);
		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(retried.body()).contains("\"count\":2");
		assertThat(redis().hget(key(QUEUE, "job:" + ids.get(4)), "status")).isEqualTo("pending");
		assertThat(redis().hget(key(QUEUE, "job:" + ids.get(5)), "status")).isEqualTo("pending");
		assertThat(redis().llen(key(QUEUE, "failed"))).isZero();
		assertThat(redis().llen(key(QUEUE, "pending"))).isEqualTo(4);

		HttpResponse<String> deleted = admin.post("delete", "queue=" + QUEUE + "&id=" + ids.get(3));
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertThat(deleted.body()).contains("\"count\":1");
		assertThat(redis().exists(key(QUEUE, "job:" + ids.get(3)))).isZero();
		assertThat(redis().lrange(key(QUEUE, "completed"), 0, -1)).doesNotContain(ids.get(3));

		assertThat(admin.post("purge", "queue=" + QUEUE).statusCode()).as("no confirmation").isEqualTo(400);
		assertThat(admin.post("purge", "queue=" + QUEUE + "&confirm=other").statusCode()).as("wrong confirmation")
			.isEqualTo(400);
		assertThat(redis().llen(key(QUEUE, "pending"))).isEqualTo(4);
		HttpResponse<String> purged = admin.post("purge", "queue=" + QUEUE + "&confirm=" + QUEUE);
		assertThat(purged.statusCode()).isEqualTo(200);
		assertThat(redis().exists(key(QUEUE, "pending"), key(QUEUE, "processing"), key(QUEUE, "job:" + ids.get(0)),
				key(QUEUE, "job:" + ids.get(2))))
			.isZero();
	}

	@Test
	void cancelNeedsTheRoleAndTokensAndCancelsPendingAndRunningJobs() throws Exception {
		List<String> ids = seed();
		String pending = ids.get(0);
		String running = ids.get(2);
		String completed = ids.get(3);
		Client viewer = new Client("viewer", DashboardTestApplication.VIEWER_PASSWORD);
		viewer.page();
		assertThat(viewer.post("cancel", "queue=" + QUEUE + "&id=" + pending).statusCode()).isEqualTo(403);
		Client anonymous = new Client(null, null);
		anonymous.page();
		assertThat(anonymous.post("cancel", "queue=" + QUEUE + "&id=" + pending).statusCode()).isEqualTo(403);
		assertThat(redis().hget(key(QUEUE, "job:" + pending), "status")).isEqualTo("pending");

		Client admin = new Client("admin", DashboardTestApplication.ADMIN_PASSWORD);
		admin.page();
		assertThat(admin.get("/api/actions/cancel?queue=" + QUEUE + "&id=" + pending).statusCode()).isEqualTo(405);
		HttpResponse<String> cancelled = admin.post("cancel", "queue=" + QUEUE + "&id=" + pending);
		assertThat(cancelled.statusCode()).isEqualTo(200);
		assertThat(cancelled.body()).contains("\"count\":1");
		assertThat(redis().hget(key(QUEUE, "job:" + pending), "status")).isEqualTo("cancelled");
		assertThat(redis().hget(key(QUEUE, "job:" + pending), "last_error"))
			.isEqualTo("cancelled in the dashboard by admin");
		assertThat(admin.post("cancel", "queue=" + QUEUE + "&id=" + running).body()).contains("\"count\":1");
		assertThat(redis().hget(key(QUEUE, "job:" + running), "status")).isEqualTo("cancelled");
		assertThat(admin.post("cancel", "queue=" + QUEUE + "&id=" + completed).body()).contains("\"count\":0");
		assertThat(redis().hget(key(QUEUE, "job:" + completed), "status")).isEqualTo("completed");
	}

	@Test
	void actionsAreNotReachableWithGet() throws Exception {
		String failed = seed().get(4);
		Client admin = new Client("admin", DashboardTestApplication.ADMIN_PASSWORD);
		admin.page();
		assertThat(admin.get("/api/actions/retry?queue=" + QUEUE + "&id=" + failed).statusCode()).isEqualTo(405);
		assertThat(redis().hget(key(QUEUE, "job:" + failed), "status")).isEqualTo("failed");
	}

	@Test
	void payloadsAreMaskedUnlessTheShowValuesRuleAllows() throws Exception {
		String failed = seed().get(4);
		String path = "/api/job?queue=" + QUEUE + "&id=" + failed;
		assertThat(new Client(null, null).get(path).body()).contains("\"payload\":\"******\"")
			.doesNotContain("secret-card-2");
		assertThat(new Client("viewer", DashboardTestApplication.VIEWER_PASSWORD).get(path).body())
			.contains("\"payload\":\"******\"");
		assertThat(new Client("admin", DashboardTestApplication.ADMIN_PASSWORD).get(path).body())
			.contains("secret-card-2");
	}

	@Test
	void everyResponseCarriesTheContentSecurityPolicy() throws Exception {
		seed();
		Client anonymous = new Client(null, null);
		for (String path : List.of("", "/assets/app.js", "/assets/app.css", "/api/overview",
				"/api/queue?name=" + QUEUE)) {
			HttpResponse<String> response = anonymous.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValue(DashboardHeadersInterceptor.POLICY);
		}
		assertThat(anonymous.page()).doesNotContain("http://").doesNotContain("https://");
	}

	@Test
	void unknownQueuesAndFilesAreNotFound() throws Exception {
		Client anonymous = new Client(null, null);
		assertThat(anonymous.get("/api/queue?name=not-shown-here").statusCode()).isEqualTo(404);
		assertThat(anonymous.get("/assets/..%2Fapplication.properties").statusCode()).isIn(400, 404);
		assertThat(anonymous.get("/assets/secret.js").statusCode()).isEqualTo(404);
	}

	/**
	 * One browser-like user: a cookie jar, optional HTTP Basic credentials, and the
	 * tokens the console's page gave it.
	 */
	final class Client {

		final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

		final @Nullable String authorization;

		String token = "";

		String securityHeader = "";

		String securityToken = "";

		Client(@Nullable String user, @Nullable String password) {
			this.authorization = (user != null) ? "Basic "
					+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
					: null;
		}

		String page() throws IOException, InterruptedException {
			String html = get("").body();
			this.token = meta(html, "jobqueue-token", "content");
			this.securityToken = meta(html, "jobqueue-security-token", "content");
			this.securityHeader = meta(html, "jobqueue-security-token", "data-header");
			return html;
		}

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> post(String action, String form) throws IOException, InterruptedException {
			HttpRequest.Builder request = request("/api/actions/" + action)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form));
			if (!this.token.isEmpty()) {
				request.header(DashboardAccess.TOKEN_HEADER, this.token);
			}
			if (!this.securityToken.isEmpty()) {
				request.header(this.securityHeader, this.securityToken);
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		private HttpRequest.Builder request(String path) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
			if (this.authorization != null) {
				request.header("Authorization", this.authorization);
			}
			return request;
		}

		private static String meta(String html, String name, String attribute) {
			List<String> found = new ArrayList<>();
			Matcher tag = Pattern.compile("<meta name=\"" + name + "\"[^>]*>").matcher(html);
			if (tag.find()) {
				Matcher value = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(tag.group());
				if (value.find()) {
					found.add(value.group(1));
				}
			}
			return found.isEmpty() ? "" : found.get(0);
		}

	}

}
