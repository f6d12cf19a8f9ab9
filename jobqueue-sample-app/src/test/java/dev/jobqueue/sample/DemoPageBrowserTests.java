package dev.jobqueue.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * shows against Redis. Saves screenshots under {@code target/}.
 */
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

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisTestServer server = RedisTestServers.shared();
		registry.add("spring.data.redis.host", server::host);
		registry.add("spring.data.redis.port", server::port);
		registry.add("sample.queue", () -> QUEUE);
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
	void theReclaimerReturnsHungJobsAndThePageShowsWhatRedisHolds() throws IOException {
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

}
