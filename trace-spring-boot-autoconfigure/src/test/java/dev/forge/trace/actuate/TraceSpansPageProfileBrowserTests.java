package dev.forge.trace.actuate;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import dev.forge.trace.KeptTrace;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.profile.CpuWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A kept slow trace in a real browser (headless Chromium), with profiles on: the waterfall
 * shows each span's self time and its waits as marks, repeated calls fold into one row,
 * and the profile panel draws the CPU samples as a flame graph beside the waits.
 */
@SpringBootTest(classes = TraceSpansPageProfileBrowserTests.ReportApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=trace-spans", "trace.profile.enabled=true",
				"trace.keep.slow-threshold=200ms" })
class TraceSpansPageProfileBrowserTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	private ChromeDriver browser;

	@BeforeEach
	void open() throws Exception {
		this.browser = Browser.start(1280, 900);
	}

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aKeptSlowTraceShowsSelfTimeWaitMarksRepeatedRowsAndItsFlameGraph() throws Exception {
		new Http(this.port).get("/report");
		// The profile has the sleep and the busy method's CPU.
		long rootId = KeptProfiles.awaitProfile(this.trace, this.port, "http get /report",
				(body) -> body.contains("\"kind\":\"sleep\"") && body.contains("Reports.busy"));
		this.browser.get("http://localhost:" + this.port + "/actuator/trace-spans/ui");
		WebElement request = new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> driver
			.findElements(By.cssSelector("#traces button.trace"))
			.stream()
			.filter((button) -> button.getText().equals("http get /report"))
			.findFirst()
			.orElse(null));
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", request);
		request.click();
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(10));
		wait.until((driver) -> !driver.findElements(By.cssSelector("#profile .flame-frame")).isEmpty());
		// Repeated calls: one row, with their count.
		List<WebElement> repeated = this.browser.findElements(By.cssSelector("#waterfall .wf-row.repeated"));
		assertThat(repeated).singleElement().satisfies((row) -> {
			assertThat(row.getDomAttribute("data-span")).isEqualTo("Reports.find");
			assertThat(row.getDomAttribute("data-count")).isEqualTo("8");
			assertThat(row.getText()).contains("\u00d7 8", "repeated");
		});
		assertThat(this.browser.findElements(By.cssSelector("#waterfall .wf-row[data-span='Reports.find']")))
			.hasSize(1);
		// Self time: the request's own time is what its children (one after another here) do not cover.
		KeptTrace kept = this.trace.keptTraces().stream().filter((t) -> t.root().id() == rootId).findFirst()
			.orElseThrow();
		double children = kept.records().stream().filter((record) -> record.parentId() == rootId)
			.mapToDouble(SpanRecord::durationMs).sum();
		WebElement root = this.browser.findElement(By.cssSelector("#waterfall .wf-row[data-depth='0']"));
		assertThat(root.getText()).contains("self");
		assertThat(Double.parseDouble(root.getDomAttribute("data-self-ms")))
			.isCloseTo(kept.root().durationMs() - children, within(0.01));
		// The sleep is a mark on the span that slept.
		WebElement sleepy = this.browser.findElement(By.cssSelector("#waterfall .wf-row[data-span='Reports.sleepy']"));
		assertThat(sleepy.findElements(By.cssSelector(".wf-wait[data-kind='sleep']"))).hasSize(1);
		// The flame graph names the busy method; the waits table, the sleep and where it was.
		assertThat(this.browser.findElements(By.cssSelector("#profile .flame-frame"))
			.stream()
			.map((frame) -> frame.getDomAttribute("data-frame")))
			.anySatisfy((frame) -> assertThat(frame).endsWith("Reports.busy"));
		assertThat(this.browser.findElement(By.id("profile-waits")).getText()).contains("sleep", "Reports.sleepy");
		assertThat(this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())).isEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Reports.class, ReportController.class })
	static class ReportApplication {

	}

	@RestController
	static class ReportController {

		private final Reports reports;

		ReportController(Reports reports) {
			this.reports = reports;
		}

		@GetMapping("/report")
		String report() throws Exception {
			for (int i = 0; i < 8; i++) {
				this.reports.find(i);
			}
			this.reports.sleepy();
			return String.valueOf(this.reports.busy());
		}

	}

	static class Reports {

		@Traced
		public int find(int id) throws InterruptedException {
			Thread.sleep(1);
			return id;
		}

		@Traced
		public void sleepy() throws InterruptedException {
			Thread.sleep(250);
		}

		@Traced
		public long busy() {
			return CpuWork.burn(300);
		}

	}

}
