package dev.jobqueue.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.jobqueue.JobQueueOperations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the page in a real headless Chromium as a person would: enqueues a batch, starts
 * workers that hang on half of their jobs, waits for the automatic reclaimer to return
 * the hung jobs and for every job to end completed or failed, and checks what the page
 * shows against Redis. Then the page's smaller promises: what a manual sweep says when
 * the automatic reclaimer got there first, round chart labels, long errors that open on a
 * click, a reset that shows its progress, and delayed jobs that count down and run when
 * due. Saves screenshots under {@code target/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"sample.embedded-redis=never", "jobqueue.visibility-timeout=1s", "jobqueue.reclaimer.interval=200ms" })
class DemoPageBrowserTests {

	static final String QUEUE = "sample-browser-" + UUID.randomUUID().toString().substring(0, 8);

	static final int JOBS = 20;

	static final Path SCREENSHOTS = Path.of("target");

	static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JobQueueOperations jobs;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		DemoHttp.useSharedRedis(registry, QUEUE);
	}

	@BeforeAll
	static void startBrowser() {
		browser = Chromium.start(1400, 2000);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	@Order(1)
	void theReclaimerReturnsHungJobsAndThePageShowsWhatRedisHolds() throws IOException {
		WebDriverWait wait = openPage();

		new Select(browser.findElement(By.id("job-kind"))).selectByValue("thumbnail");
		type("job-count", String.valueOf(JOBS));
		browser.findElement(By.id("enqueue-button")).click();
		wait.until(ExpectedConditions.textToBe(By.id("status"), "Enqueued " + JOBS + " job(s)."));
		wait.until(ExpectedConditions.textToBe(By.id("pending-count"), String.valueOf(JOBS)));
		assertThat(rows("#pending-list li[data-job-id]")).hasSize(JOBS);

		type("worker-size", "4");
		type("work-latency", "50");
		type("fail-rate", "0.1");
		type("hang-rate", "0.5");
		browser.findElement(By.id("start-button")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Workers started"));

		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#reclaim-log li.sweep.automatic")));
		screenshot("sample-app-running.png");
		wait.until((driver) -> number("pending-count") == 0 && number("processing-count") == 0
				&& number("completed-count") + number("failed-count") == JOBS
				&& stat("completed_total") + stat("failed_total") == JOBS);

		String keys = "queue:" + QUEUE + ":";
		assertThat(number("completed-count")).isEqualTo(this.redis.opsForList().size(keys + "completed"));
		assertThat(number("failed-count")).isEqualTo(this.redis.opsForList().size(keys + "failed"));
		assertThat(this.redis.opsForList().size(keys + "pending")).isZero();
		assertThat(this.redis.opsForList().size(keys + "processing")).isZero();
		assertThat(stat("completed_total")).isEqualTo(number("completed-count"));
		assertThat(stat("enqueued_total")).isEqualTo(JOBS);
		assertThat(stat("workers_running")).isEqualTo(4);

		List<String> ids = this.redis.opsForList().range(keys + "completed", 0, -1);
		ids.addAll(this.redis.opsForList().range(keys + "failed", 0, -1));
		assertThat(Set.copyOf(ids)).hasSize(JOBS);
		long reclaimedJobs = ids.stream()
			.filter((id) -> this.redis.opsForHash().hasKey(keys + "job:" + id, "reclaimed_at_ms"))
			.count();
		assertThat(reclaimedJobs).as("jobs the reclaimer returned at least once").isPositive();
		assertThat(stat("reclaimed_total")).isGreaterThanOrEqualTo(reclaimedJobs);
		List<List<String>> completedRows = rows("#completed-list li[data-job-id]");
		assertThat(completedRows).isNotEmpty();
		for (List<String> row : completedRows) {
			assertThat(this.redis.opsForHash().get(keys + "job:" + row.get(0), "status")).isEqualTo("completed");
			assertThat(row.get(1)).contains("completed").contains("result: {\"worker\":\"worker-");
		}
		assertThat(rows("#reclaim-log li.sweep.automatic"))
			.anySatisfy((sweep) -> assertThat(sweep.get(1)).contains("automatic").contains("job(s) to pending"));
		screenshot("sample-app.png");
	}

	@Test
	@Order(2)
	void manualSweepSaysTheAutomaticReclaimerGotThereFirst() {
		WebDriverWait wait = openPage();
		wait.until((driver) -> number("processing-count") == 0);
		browser.findElement(By.id("reclaim-button")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Reclaimed 0 job(s)."));
		assertThat(text("status")).contains("Nothing was stale: the automatic reclaimer sweeps every 200 ms")
			.containsAnyOf("its last sweep that moved jobs, at ", "it has not had to move any job yet");
	}

	@Test
	@Order(3)
	void chartLabelsKeepTheirDecimals() {
		openPage();
		@SuppressWarnings("unchecked")
		List<String> labels = (List<String>) browser.executeScript("""
				const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
				document.body.appendChild(svg);
				const now = Date.now();
				drawChart(svg, [{ name: 'completed', points: [[now - 2000, 0.9], [now, 1]] }], now);
				const labels = Array.from(svg.querySelectorAll('text')).map((t) => t.textContent);
				svg.remove();
				return labels;""");
		assertThat(labels).startsWith("0", "0.25", "0.5", "0.75", "1");
	}

	@Test
	@Order(4)
	void longErrorOpensOnAClickAndStaysOpen() {
		WebDriverWait wait = openPage();
		type("worker-size", "2");
		type("work-latency", "0");
		type("fail-rate", "0");
		type("hang-rate", "0");
		browser.findElement(By.id("start-button")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Workers started"));
		// No handler takes this kind, so the job fails for good at once with an error
		// that names it: a long error, as a real stack of causes can make.
		String kind = "report-" + "with-a-very-long-name-".repeat(20) + "END-OF-KIND";
		String id = this.jobs.enqueue(QUEUE, Map.of("kind", kind));

		String detail = "#failed-list li[data-job-id='" + id + "'] .detail.error";
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(detail)));
		assertThat(cut(detail)).as("a long error is cut to one line at first").isTrue();
		clickWhenStable(wait, detail);
		wait.until((driver) -> !cut(detail));
		assertThat(textContent(detail)).contains(kind);
		// The lists are rendered again every 800 ms: the error stays open.
		String refreshed = (String) browser.executeScript("return document.body.dataset.refreshed;");
		wait.until((driver) -> !refreshed.equals(browser.executeScript("return document.body.dataset.refreshed;")));
		assertThat(cut(detail)).isFalse();
		clickWhenStable(wait, detail);
		wait.until((driver) -> cut(detail));
	}

	@Test
	@Order(5)
	void resetWithHungWorkersShowsProgressUntilItIsDone() {
		WebDriverWait wait = openPage();
		type("worker-size", "2");
		type("work-latency", "0");
		type("fail-rate", "0");
		type("hang-rate", "1");
		browser.findElement(By.id("start-button")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Workers started"));
		type("job-count", "2");
		browser.findElement(By.id("enqueue-button")).click();
		wait.until(ExpectedConditions.textToBe(By.id("status"), "Enqueued 2 job(s)."));
		// Every run hangs: each job stays in processing for a visibility timeout per
		// attempt.
		wait.until((driver) -> number("processing-count") > 0);

		// Record every status text and the button's state, so a short reset cannot slip
		// between two polls of the wait.
		browser.executeScript("""
				window.seen = [];
				const status = document.getElementById('status');
				const button = document.getElementById('reset-button');
				new MutationObserver(() => window.seen.push([status.textContent, button.disabled]))
					.observe(status, { childList: true, characterData: true, subtree: true });""");
		browser.findElement(By.id("reset-button")).click();
		// A hung job holds its worker until it is reclaimed or the shutdown timeout hands
		// it back: the answer takes a while, and the page says so meanwhile.
		wait.until(ExpectedConditions.textMatches(By.id("status"), Pattern.compile("Queue reset in \\d+\\.\\d s\\.")));
		@SuppressWarnings("unchecked")
		List<List<Object>> seen = (List<List<Object>>) browser.executeScript("return window.seen;");
		assertThat(seen).anySatisfy((entry) -> {
			assertThat((String) entry.get(0)).startsWith("Resetting: stopping the workers");
			assertThat(entry.get(1)).as("button disabled while resetting").isEqualTo(true);
		});
		assertThat(browser.findElement(By.id("reset-button")).isEnabled()).isTrue();
		wait.until((driver) -> number("pending-count") == 0 && number("processing-count") == 0);
	}

	@Test
	@Order(6)
	void delayedJobsCountDownAndRunWhenDue() throws IOException {
		WebDriverWait wait = openPage();
		type("job-count", "2");
		type("job-delay", "6000");
		browser.findElement(By.id("enqueue-button")).click();
		wait.until(ExpectedConditions.textToBe(By.id("status"), "Enqueued 2 job(s), due in 6000 ms."));
		wait.until(ExpectedConditions.textToBe(By.id("delayed-count"), "2"));
		assertThat(stat("delayed_depth")).isEqualTo(2);
		assertThat(number("pending-count")).isZero();
		List<List<String>> rows = rows("#delayed-list li[data-job-id]");
		assertThat(rows).hasSize(2);
		for (List<String> row : rows) {
			assertThat(this.redis.opsForZSet().score("queue:" + QUEUE + ":delayed", row.get(0))).isNotNull();
			assertThat(row.get(1)).contains("delayed").containsPattern("runs in \\d+\\.\\d s");
		}
		// The countdown moves between polls of the lists.
		double first = secondsLeft();
		wait.until((driver) -> secondsLeft() < first);
		screenshot("sample-app-delayed.png");

		type("worker-size", "2");
		type("work-latency", "0");
		type("fail-rate", "0");
		type("hang-rate", "0");
		browser.findElement(By.id("start-button")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Workers started"));
		wait.until((driver) -> number("delayed-count") == 0 && number("completed-count") >= 2);
		for (List<String> row : rows) {
			assertThat(this.redis.opsForHash().get("queue:" + QUEUE + ":job:" + row.get(0), "status"))
				.isEqualTo("completed");
		}
		assertThat(this.redis.hasKey("queue:" + QUEUE + ":delayed")).isFalse();
	}

	/** The seconds the first delayed job's countdown shows. */
	private double secondsLeft() {
		String text = textContent("#delayed-list li[data-job-id] .countdown");
		java.util.regex.Matcher matcher = Pattern.compile("runs in (\\d+\\.\\d) s").matcher(text);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	/**
	 * Opens the page and waits for its first data.
	 * @return a wait that ignores elements replaced by a re-render
	 */
	private WebDriverWait openPage() {
		// The page re-renders its lists every 800 ms, so an element found a moment ago
		// may be gone.
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100));
		wait.ignoring(StaleElementReferenceException.class);
		browser.get("http://127.0.0.1:" + this.port + "/");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("redis-chip"), "Redis"));
		// The chips start with the page's static defaults and are filled in by its first
		// /about call.
		wait.until((driver) -> QUEUE.equals(text("queue-name")));
		wait.until((driver) -> text("reclaimer-chip").contains("every 200 ms"));
		// The first refresh also fills the pool's inputs from the running pool: typing
		// before it would mix the two.
		wait.until((driver) -> browser.executeScript("return document.body.dataset.refreshed;") != null);
		return wait;
	}

	/** Whether the element's text is wider than what it shows (cut with an ellipsis). */
	private boolean cut(String selector) {
		return (Boolean) browser.executeScript(
				"const e = document.querySelector(arguments[0]); return e.scrollWidth > e.clientWidth;", selector);
	}

	private String textContent(String selector) {
		return (String) browser.executeScript("return document.querySelector(arguments[0]).textContent;", selector);
	}

	private void type(String id, String value) {
		WebElement input = browser.findElement(By.id(id));
		input.clear();
		input.sendKeys(value);
	}

	private String text(String id) {
		return (String) browser.executeScript("return document.getElementById(arguments[0]).innerText;", id);
	}

	/**
	 * Reads matching rows in one script call, so a re-render cannot happen between
	 * finding a row and reading it: each row is its {@code data-job-id} (empty if none)
	 * and its text.
	 */
	@SuppressWarnings("unchecked")
	private List<List<String>> rows(String selector) {
		return (List<List<String>>) browser.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
				+ ".map((row) => [row.getAttribute('data-job-id') || '', row.innerText]);", selector);
	}

	private long number(String id) {
		return Long.parseLong(text(id).trim());
	}

	private long stat(String name) {
		return Long.parseLong(((String) browser.executeScript(
				"return document.querySelector(\"#stats-view [data-stat='\" + arguments[0] + \"']\").innerText;", name))
			.trim());
	}

	private static void screenshot(String name) throws IOException {
		Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
		Files.createDirectories(SCREENSHOTS);
		Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * Clicks an element of the lists, which are rendered again every 800 ms: an element
	 * found just before a render is stale, and the click is tried again on the new one.
	 */
	private static void clickWhenStable(WebDriverWait wait, String selector) {
		wait.until((driver) -> {
			try {
				driver.findElement(By.cssSelector(selector)).click();
				return true;
			}
			catch (StaleElementReferenceException ex) {
				return false;
			}
		});
	}

}
