package dev.forge.trace.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.profile.CpuWork;
import dev.forge.trace.profile.Waits;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;


/**
 * A screenshot of a real slow request's profile in the page, for the "Why was it slow"
 * docs: a report that loads its pets one by one, waits for a lock another thread holds,
 * reads from a slow service and spends CPU rendering. A build writes it to
 * {@code target/}, never into the tracked {@code docs/}: that takes the explicit step the
 * docs give ({@code -Dtrace.screenshots=$PWD/docs}).
 */
@SpringBootTest(classes = TraceSpansPageProfileScreenshotTests.ReportApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=trace-spans", "trace.profile.enabled=true",
				"trace.keep.slow-threshold=200ms", "spring.application.name=owners" })
class TraceSpansPageProfileScreenshotTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Test
	void aScreenshotOfASlowRequestsProfileIsSaved() throws Exception {
		new Http(this.port).get("/owners/7/report");
		// Both kinds of wait and the rendering's CPU.
		KeptProfiles.awaitProfile(this.trace, this.port, "http get /owners/{id}/report",
				(body) -> body.contains("\"kind\":\"monitor-enter\"") && body.contains("\"kind\":\"socket-read\"")
						&& body.contains("ReportRenderer.render"));
		ChromeDriver browser = Browser.start(1280, 1250);
		try {
			browser.get("http://localhost:" + this.port + "/actuator/trace-spans/ui");
			WebElement request = new WebDriverWait(browser, Duration.ofSeconds(10)).until((driver) -> driver
				.findElements(By.cssSelector("#traces button.trace"))
				.stream()
				.filter((button) -> button.getText().equals("http get /owners/{id}/report"))
				.findFirst()
				.orElse(null));
			browser.findElement(By.id("pause")).click();
			((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", request);
			request.click();
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
			wait.until((driver) -> !driver.findElements(By.cssSelector("#profile .flame-frame")).isEmpty()
					&& !driver.findElements(By.cssSelector("#waterfall .wf-wait[data-kind='socket-read']")).isEmpty()
					&& !driver.findElements(By.cssSelector("#waterfall .wf-row.repeated")).isEmpty());
			// The flame graph's box scrolled to its innermost frames, where the rendering's CPU shows.
			((JavascriptExecutor) browser).executeScript(
					"document.querySelector('#profile .flame-box').scrollTop = 1e6;"
							+ " document.getElementById('waterfall').scrollIntoView({block: 'start'}); window.scrollBy(0, -60)");
			Path screenshots = Path.of(System.getProperty("trace.screenshots", "target"));
			Files.createDirectories(screenshots);
			Files.write(screenshots.resolve("trace-profile.png"), browser.getScreenshotAs(OutputType.BYTES));
		}
		finally {
			browser.quit();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Pets.class, Ledger.class, RatesClient.class, ReportRenderer.class, ReportController.class })
	static class ReportApplication {

	}

	@RestController
	static class ReportController {

		private final Pets pets;

		private final Ledger ledger;

		private final RatesClient rates;

		private final ReportRenderer renderer;

		ReportController(Pets pets, Ledger ledger, RatesClient rates, ReportRenderer renderer) {
			this.pets = pets;
			this.ledger = ledger;
			this.rates = rates;
			this.renderer = renderer;
		}

		@GetMapping("/owners/{id}/report")
		String report(@PathVariable int id) throws Exception {
			int visits = 0;
			for (int pet = 0; pet < 12; pet++) {
				visits += this.pets.findVisits(id * 100 + pet);
			}
			long total = this.ledger.totals();
			int rate = this.rates.fetch();
			return this.renderer.render(visits, total, rate);
		}

	}

	static class Pets {

		/** One query per pet: the N+1 shape. */
		@Traced
		public int findVisits(int petId) throws InterruptedException {
			Thread.sleep(3);
			return petId % 3;
		}

	}

	static class Ledger {

		private final Object books = new Object();

		/** Waits about 120 ms for the books, which a closing job holds. */
		@Traced
		public long totals() throws InterruptedException {
			Waits.enterMonitorHeldElsewhere(this.books, 120);
			return 42;
		}

	}

	static class RatesClient {

		/** Reads from a local rates service that answers after about 150 ms. */
		@Traced
		public int fetch() throws Exception {
			return Waits.readFromSlowSocket(150);
		}

	}

	static class ReportRenderer {

		@Traced
		public String render(int visits, long total, int rate) {
			return visits + "/" + total + "/" + rate + "/" + CpuWork.burn(300);
		}

	}

}
