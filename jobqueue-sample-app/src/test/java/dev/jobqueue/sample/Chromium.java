package dev.jobqueue.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts headless Chromium from Debian's {@code chromium} and {@code chromium-driver}
 * packages (or the binaries named by {@code CHROME_BIN} and {@code CHROMEDRIVER}). Both
 * paths are given to Selenium, so Selenium Manager never tries to download a browser.
 * Without them a test fails when {@code CI=true} and is skipped with install instructions
 * otherwise.
 */
final class Chromium {

	static final String INSTALL = "install them with: sudo apt-get install chromium chromium-driver "
			+ "(or set CHROME_BIN and CHROMEDRIVER)";

	private Chromium() {
	}

	static ChromeDriver start(int width, int height) {
		Optional<Path> browser = find("CHROME_BIN",
				List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
		Optional<Path> driver = find("CHROMEDRIVER",
				List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"));
		if (browser.isEmpty() || driver.isEmpty()) {
			String missing = "Chromium " + (browser.isEmpty() ? "is missing" : "is at " + browser.get())
					+ " and chromedriver " + (driver.isEmpty() ? "is missing" : "is at " + driver.get());
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail("The browser test must run in CI, but " + missing + "; " + INSTALL);
			}
			Assumptions.abort("Skipping the browser test: " + missing + "; " + INSTALL);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.get().toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-dev-shm-usage", "--hide-scrollbars",
				"--window-size=" + width + "," + height);
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
