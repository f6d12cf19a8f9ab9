package dev.jobqueue.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Starts headless Chromium from Debian's {@code chromium} and {@code chromium-driver}
 * packages (or {@code CHROME_BIN} and {@code CHROMEDRIVER}), with its performance log on
 * so a test can list every request the page made. Both paths are given to Selenium, so it
 * never downloads a browser. Without them a test fails when {@code CI=true} and is
 * skipped with install instructions otherwise.
 */
final class Chromium {

	private Chromium() {
	}

	static ChromeDriver start(int width, int height) {
		Optional<Path> browser = find("CHROME_BIN",
				List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
		Optional<Path> driver = find("CHROMEDRIVER",
				List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"));
		if (browser.isEmpty() || driver.isEmpty()) {
			String missing = "Chromium or chromedriver is missing; install them with: "
					+ "sudo apt-get install chromium chromium-driver (or set CHROME_BIN and CHROMEDRIVER)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail("The browser test must run in CI: " + missing);
			}
			Assumptions.abort(missing);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.get().toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-dev-shm-usage", "--hide-scrollbars",
				"--window-size=" + width + "," + height);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.PERFORMANCE, java.util.logging.Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static Optional<Path> find(String variable, List<String> candidates) {
		String configured = System.getenv(variable);
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
		}
		return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
	}

}
