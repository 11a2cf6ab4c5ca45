package dev.forge.trace.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}),
 * driven through the installed chromedriver: Selenium is pointed at it and never looks
 * for or downloads a driver or a browser. Where they are missing the browser tests are
 * skipped, loudly; with {@code TRACE_BROWSER_TESTS=required} (as {@code .ci/run} sets it)
 * they fail instead.
 */
final class Browser {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private Browser() {
	}

	static ChromeDriver start(int width, int height) throws Exception {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed) {
			String message = "BROWSER TESTS SKIPPED: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing. Install them"
					+ " with `apt-get install chromium chromium-driver` to run the page's tests; .ci/run does.";
			if ("required".equals(System.getenv("TRACE_BROWSER_TESTS"))) {
				throw new IllegalStateException(message.replace("SKIPPED", "REQUIRED"));
			}
			System.err.println("\n*** " + message + " ***\n");
			Assumptions.abort(message);
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--user-data-dir=" + Files.createTempDirectory("chromium"),
				"--window-size=" + width + "," + height);
		options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
		return new ChromeDriver(service, options);
	}

}
