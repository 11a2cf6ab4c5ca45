package dev.forge.trace.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;

import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's requests view in a real browser (headless Chromium): the table of local
 * traces, a trace's waterfall with its spans nested in order, the filters, and keyboard
 * access.
 */
@SpringBootTest(classes = PageTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=trace-spans", "spring.application.name=page-traces" })
class TraceSpansPageTracesBrowserTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Autowired
	private PageTestApplication.Orders orders;

	private ChromeDriver browser;

	@BeforeEach
	void open() throws Exception {
		this.trace.flush();
		this.browser = Browser.start(1280, 900);
	}

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void selectingARequestShowsItsSpansNestedInOrderWithNoErrorInTheConsole() {
		this.orders.place("book");
		placeBroken();
		load();
		List<WebElement> requests = waitForAll("#traces button.trace", 2);
		// Newest first (earlier tests' requests may follow: reading never drains the window).
		assertThat(requests.subList(0, 2)).extracting(WebElement::getText).containsExactly("orders.place", "orders.place");
		pause();
		// Newest first: the failed order is on top, marked.
		assertThat(this.browser.findElement(By.cssSelector("#traces tbody tr")).getDomAttribute("class"))
			.contains("error");
		click(this.browser.findElements(By.cssSelector("#traces button.trace")).get(1));
		List<WebElement> rows = waitForAll("#waterfall .wf-row", 3);
		assertThat(rows).extracting((row) -> row.getDomAttribute("data-span"))
			.containsExactly("orders.place", "cache_miss", "inventory.reserve");
		assertThat(rows).extracting((row) -> row.getDomAttribute("data-depth")).containsExactly("0", "1", "1");
		WebElement parentBar = rows.get(0).findElement(By.cssSelector(".wf-bar"));
		WebElement childBar = rows.get(2).findElement(By.cssSelector(".wf-bar"));
		assertThat(childBar.getRect().getX()).isGreaterThanOrEqualTo(parentBar.getRect().getX());
		assertThat(childBar.getRect().getX() + childBar.getRect().getWidth())
			.isLessThanOrEqualTo(parentBar.getRect().getX() + parentBar.getRect().getWidth() + 1);
		assertThat(rows.get(1).findElements(By.cssSelector(".wf-tick"))).hasSize(1);
		click(rows.get(2));
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.findElement(By.id("details")).getText().contains("quantity"));
		this.browser.findElement(By.id("waterfall-download")).click();
		JavascriptExecutor js = this.browser;
		assertThat(((Number) js.executeScript("return window.__traceView.downloads")).intValue()).isEqualTo(1);
		assertThat(((Number) js.executeScript("return window.__traceView.lastDownloadBytes")).intValue()).isPositive();
		assertThat(this.browser.findElement(By.id("details")).getText()).contains("inventory.reserve", "book", "Trace id",
				"Span id");
		assertThat(this.browser.findElement(By.cssSelector("#waterfall .waterfall-head")).getText())
			.containsPattern("trace [0-9a-f]{32}");
		assertThat(this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())).isEmpty();
	}

	@Test
	void errorsOnlyAndTheNameFilterNarrowTheRequests() {
		this.orders.place("book");
		placeBroken();
		this.trace.end(this.trace.start("cleanup"));
		load();
		waitForAll("#traces button.trace", 3);
		pause();
		int all = shown("textContent").size();
		// The server filters: the list changes once it has answered.
		click(this.browser.findElement(By.id("traces-errors")));
		List<String> failed = new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> {
			List<String> labels = shown("getAttribute('aria-label')");
			return (!labels.isEmpty() && labels.size() < all) ? labels : null;
		});
		assertThat(failed).allSatisfy((label) -> assertThat(label).contains("errors"));
		click(this.browser.findElement(By.id("traces-errors")));
		this.browser.findElement(By.id("filter-name")).sendKeys("clean");
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> shown("textContent").equals(List.of("cleanup")));
	}

	@Test
	void keptOnlyAndTheSlowestFirstReachRequestsOlderThanTheNewestTwoHundred() throws Exception {
		long slow;
		try (TraceScope request = this.trace.openScope("GET /slow-report", null)) {
			PageTestApplication.pause(60);
			slow = request.id();
		}
		placeBroken();
		long failed = this.trace.recent()
			.stream()
			.filter((record) -> record.name().equals("orders.place") && record.parentId() == 0)
			.reduce((first, second) -> second)
			.orElseThrow()
			.id();
		for (int i = 0; i < 250; i++) {
			this.trace.end(this.trace.start("GET /health"));
		}
		load();
		waitForAll("#traces button.trace", 200);
		pause();
		assertThat(shownIds()).doesNotContain(String.valueOf(slow), String.valueOf(failed));
		click(this.browser.findElement(By.id("traces-kept")));
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> shownIds().contains(String.valueOf(failed)));
		assertThat(shown("getAttribute('aria-label')")).allSatisfy((label) -> assertThat(label).contains("kept"));
		click(this.browser.findElement(By.id("traces-kept")));
		click(this.browser.findElement(By.cssSelector("#traces th button[data-sort='duration_ms']")));
		// Earlier tests' slower requests may come first: it is among the slowest, as old as it is.
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> shownIds().contains(String.valueOf(slow)));
		List<?> durations = (List<?>) ((JavascriptExecutor) this.browser).executeScript(
				"return window.__traceView.traces.map((t) => t.duration_ms)");
		assertThat(durations.stream().map((duration) -> ((Number) duration).doubleValue()).toList())
			.isSortedAccordingTo(java.util.Comparator.reverseOrder());
	}

	@Test
	void theListHoldsStillUnderThePointerAndSaysWhatIsNew() {
		this.orders.place("book");
		load();
		List<WebElement> rows = waitForAll("#traces button.trace", 1);
		String first = shownIds().get(0);
		JavascriptExecutor js = this.browser;
		new Actions(this.browser).moveToElement(rows.get(0)).perform();
		for (int i = 0; i < 3; i++) {
			this.trace.end(this.trace.start("GET /arrived-later"));
		}
		long loads = ((Number) js.executeScript("return window.__traceView.loads")).longValue();
		js.executeScript("document.getElementById('refresh').click()");
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> ((Number) js
			.executeScript("return window.__traceView.loads")).longValue() > loads);
		// Nothing moved under the pointer; the news are counted beside the list.
		assertThat(shownIds().get(0)).isEqualTo(first);
		WebElement fresh = this.browser.findElement(By.id("traces-new"));
		assertThat(fresh.isDisplayed()).isTrue();
		assertThat(fresh.getText()).isEqualTo("3 new");
		click(fresh);
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> driver
			.findElement(By.cssSelector("#traces button.trace"))
			.getText()
			.equals("GET /arrived-later"));
		assertThat(fresh.isDisplayed()).isFalse();
	}

	@Test
	void anotherRequestEmptiesTheSpanPanelAndTimesSayTheirZone() {
		this.orders.place("book");
		this.orders.place("pen");
		load();
		List<WebElement> requests = waitForAll("#traces button.trace", 2);
		pause();
		click(requests.get(0));
		click(waitForAll("#waterfall .wf-row", 3).get(2));
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.findElement(By.id("details")).getText().contains("inventory.reserve"));
		click(this.browser.findElements(By.cssSelector("#traces button.trace")).get(1));
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.findElement(By.id("details")).getText().contains("Select a span"));
		String zone = (String) ((JavascriptExecutor) this.browser)
			.executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone");
		assertThat(this.browser.findElement(By.id("traces-start")).getText()).startsWith("Start (" + zone + ")");
		assertThat(this.browser.findElement(By.id("status")).getText()).contains("(" + zone + ")");
	}

	@Test
	void theStatusCountsTheActiveSpansTheTableShows() {
		try (TraceScope running = this.trace.openScope("still.running", null)) {
			load();
			new WebDriverWait(this.browser, Duration.ofSeconds(10))
				.until((driver) -> driver.findElement(By.id("active")).getText().contains("still.running"));
			int rows = this.browser.findElements(By.cssSelector("#active tbody tr")).size();
			assertThat(this.browser.findElement(By.id("status")).getText()).contains(rows + " active");
		}
	}

	/** Clicks an element once it is in the middle of the window, clear of the sticky header. */
	private void click(WebElement element) {
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
		element.click();
	}

	private List<String> shownIds() {
		return shown("dataset.traceId");
	}

	/** A property of each request shown, read in one go: a refresh may redraw the rows between two reads. */
	@SuppressWarnings("unchecked")
	private List<String> shown(String property) {
		return (List<String>) ((JavascriptExecutor) this.browser)
			.executeScript("return [...document.querySelectorAll('#traces button.trace')].map((b) => b." + property + ")");
	}

	@Test
	void theRequestsAndTheWaterfallWorkFromTheKeyboard() {
		placeBroken();
		load();
		waitForAll("#traces button.trace", 1);
		pause();
		WebElement request = this.browser.findElement(By.cssSelector("#traces button.trace"));
		request.sendKeys(Keys.ENTER);
		List<WebElement> rows = waitForAll("#waterfall .wf-row", 3);
		assertThat(rows.get(2).getDomAttribute("class")).contains("error");
		rows.get(2).sendKeys(Keys.ENTER);
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.findElement(By.id("details")).getText().contains("out of stock"));
		assertThat(this.browser.switchTo().activeElement().getDomAttribute("data-span")).isEqualTo("inventory.reserve");
	}

	@Test
	void aNarrowWindowHasNoHorizontalOverflow() {
		this.orders.place("book");
		this.browser.manage().window().setSize(new org.openqa.selenium.Dimension(480, 900));
		load();
		click(waitForAll("#traces button.trace", 1).get(0));
		waitForAll("#waterfall .wf-row", 3);
		Object overflow = ((JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
		assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
	}

	@Test
	void aRefreshOfTheRequestsViewMovesLittleWhateverTheRecentWindowHolds() {
		String value = "v".repeat(1000);
		// 1,000 records: the whole default recent window.
		for (int i = 0; i < 500; i++) {
			try (TraceScope request = this.trace.openScope("GET /bulk", Map.of("payload", value))) {
				this.trace.end(this.trace.start("step", Map.of("payload", value)));
			}
			if (i == 249) {
				// Half the window a second earlier: more than the timeline's latest half second.
				PageTestApplication.pause(1100);
			}
		}
		load();
		waitForAll("#traces button.trace", 200);
		assertThat(this.trace.recent()).hasSize(1000);
		JavascriptExecutor js = this.browser;
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> ((Number) js.executeScript("return window.__traceView.lastRefreshBytes")).longValue() > 0);
		long bytes = ((Number) js.executeScript("return window.__traceView.lastRefreshBytes")).longValue();
		System.out.println("A refresh of the requests view moved " + bytes + " bytes");
		assertThat(bytes).isLessThan(200_000);
		// The recent window (about 2 MB here) is read only by the timeline.
		assertThat(js.executeScript("return window.__traceView.trace")).isNull();
		this.browser.findElement(By.id("tab-timeline")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> !driver.findElements(By.cssSelector("[data-name='GET /bulk']")).isEmpty());
		// It opens on the latest half second, not the whole window.
		double shown = ((Number) js.executeScript("return window.__traceView.view.end - window.__traceView.view.start"))
			.doubleValue();
		assertThat(shown).isLessThanOrEqualTo(500_000 * 1.05);
		this.browser.findElement(By.id("zoom-reset")).click();
		double fitted = ((Number) js.executeScript("return window.__traceView.view.end - window.__traceView.view.start"))
			.doubleValue();
		assertThat(fitted).isGreaterThan(1_100_000);
	}

	@Test
	void aBarOfANamesLatencyHistogramLeadsToARequestWithSuchASpan() {
		this.orders.place("book");
		placeBroken();
		load();
		waitForAll("#stats button.bucket[data-bucket-of='inventory.reserve']", 1);
		pause();
		// The bar whose bucket holds the failed span: how long each span took is up to the machine.
		double failedMs = this.trace.recent()
			.stream()
			.filter((record) -> record.name().equals("inventory.reserve") && record.result() != null
					&& record.result().has("error"))
			.reduce((first, second) -> second)
			.orElseThrow()
			.durationMs();
		WebElement bar = this.browser
			.findElements(By.cssSelector("#stats button.bucket[data-bucket-of='inventory.reserve']"))
			.stream()
			.filter((candidate) -> Double.parseDouble(candidate.getDomAttribute("data-from")) < failedMs
					&& (candidate.getDomAttribute("data-to").isEmpty()
							|| failedMs <= Double.parseDouble(candidate.getDomAttribute("data-to"))))
			.findFirst()
			.orElseThrow();
		assertThat(bar.getDomAttribute("aria-label")).contains("inventory.reserve", "spans", "ms");
		bar.sendKeys(Keys.ENTER);
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.findElement(By.id("examples")).isDisplayed());
		assertThat(this.browser.findElement(By.id("examples")).getText()).contains("inventory.reserve");
		List<WebElement> examples = waitForAll("#traces button.trace", 1);
		// Failed first.
		assertThat(examples.get(0).getDomAttribute("aria-label")).contains("errors");
		click(examples.get(0));
		List<WebElement> rows = waitForAll("#waterfall .wf-row", 3);
		assertThat(rows).extracting((row) -> row.getDomAttribute("data-span")).contains("inventory.reserve");
		click(this.browser.findElement(By.id("examples-clear")));
		assertThat(this.browser.findElement(By.id("examples")).isDisplayed()).isFalse();
	}

	/**
	 * Work run on an executor the trace does not follow is listed with what to do about it,
	 * and its row opens the trace it made.
	 */
	@Test
	void aRootThatLostItsParentIsListedWithTheFixAndOpensItsTrace() throws Exception {
		ExecutorService reports = Executors.newSingleThreadExecutor((task) -> new Thread(task, "reports-1"));
		try {
			reports.submit(() -> this.orders.place("lost")).get();
		}
		finally {
			reports.shutdown();
		}
		load();
		WebElement section = new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.findElement(By.id("orphans-section")).isDisplayed()
					? driver.findElement(By.id("orphans-section")) : null);
		assertThat(section.getText()).contains("lost their parent", "wrap(task)", "applicationTaskExecutor");
		pause();
		WebElement row = this.browser.findElements(By.cssSelector("#orphans tbody tr"))
			.stream()
			.filter((candidate) -> candidate.getText().contains("reports-#"))
			.findFirst()
			.orElseThrow();
		assertThat(row.findElements(By.tagName("td"))).extracting(WebElement::getText)
			.startsWith("orders.place", "reports-#", "1");
		click(row.findElement(By.cssSelector("button.link")));
		List<WebElement> spans = waitForAll("#waterfall .wf-row", 3);
		assertThat(spans).extracting((span) -> span.getDomAttribute("data-span"))
			.containsExactly("orders.place", "cache_miss", "inventory.reserve");
		assertThat(this.browser.findElement(By.id("details")).getText()).doesNotContain("broken");
	}

	private void placeBroken() {
		try {
			this.orders.place("broken");
		}
		catch (IllegalStateException ex) {
			// Recorded as failed spans.
		}
	}

	private void load() {
		this.browser.get("http://localhost:" + this.port + "/actuator/trace-spans/ui");
	}

	private void pause() {
		this.browser.findElement(By.id("pause")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> (Boolean) ((JavascriptExecutor) driver)
			.executeScript("return window.__traceView.paused && window.__traceView.inFlight === null"));
	}

	private List<WebElement> waitForAll(String selector, int count) {
		return new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> {
			List<WebElement> found = driver.findElements(By.cssSelector(selector));
			return (found.size() >= count) ? found : null;
		});
	}

}
