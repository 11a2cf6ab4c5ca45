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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in a real browser (headless Chromium) against a real application on a random
 * port with real traffic.
 */
@SpringBootTest(classes = PageTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=trace-spans", "trace.recent-spans=3000",
				"spring.application.name=page-tests" })
class TraceSpansPageBrowserTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Autowired
	private PageTestApplication.Orders orders;

	private ChromeDriver browser;

	@BeforeEach
	void open() throws Exception {
		this.browser = Browser.start(1280, 800);
	}

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void thePageShowsTheApplicationsSpansNestedWithNoErrorInTheConsole() throws Exception {
		for (String item : List.of("book", "pen", "lamp")) {
			this.orders.place(item);
		}
		// Reading the page drains nothing: a drain still gets these spans afterwards.
		load();
		WebElement parent = waitFor("[data-name='orders.place']");
		WebElement child = this.browser.findElements(By.cssSelector("[data-name='inventory.reserve']"))
			.stream()
			.filter((element) -> element.findElement(By.xpath("..")).equals(parent.findElement(By.xpath(".."))))
			.findFirst()
			.orElseThrow();
		// Drawn inside its parent: one row down, within its parent's extent.
		assertThat(Integer.parseInt(child.getDomAttribute("data-depth")))
			.isEqualTo(Integer.parseInt(parent.getDomAttribute("data-depth")) + 1);
		assertThat(child.getRect().getX()).isGreaterThanOrEqualTo(parent.getRect().getX());
		assertThat(child.getRect().getX() + child.getRect().getWidth())
			.isLessThanOrEqualTo(parent.getRect().getX() + parent.getRect().getWidth() + 1);
		assertThat(this.browser.findElement(By.cssSelector(".lane-label")).getText()).isNotEmpty();
		assertThat(severeConsoleEntries()).isEmpty();
		assertThat(this.trace.flush()).extracting((record) -> record.name()).contains("orders.place");
	}

	@Test
	void theFilterHidesWhatItShould() throws Exception {
		this.orders.place("book");
		load();
		waitFor("[data-name='orders.place']");
		this.browser.findElement(By.id("filter-name")).sendKeys("inventory");
		assertThat(this.browser.findElements(By.cssSelector("[data-name='orders.place']"))).isEmpty();
		assertThat(this.browser.findElements(By.cssSelector("[data-name='inventory.reserve']"))).isNotEmpty();
		this.browser.findElement(By.id("filter-name")).clear();
		this.browser.findElement(By.id("filter-name")).sendKeys(" ");
		WebElement duration = this.browser.findElement(By.id("filter-duration"));
		duration.clear();
		duration.sendKeys("10000");
		assertThat(this.browser.findElements(By.cssSelector(".span"))).isEmpty();
	}

	@Test
	void clickingOrPressingEnterOnASpanShowsItsAttributes() throws Exception {
		this.orders.place("teapot");
		load();
		waitFor("[data-name='inventory.reserve']");
		// No refresh redraws the timeline between finding an element and clicking it.
		pause();
		// The newest is drawn last; earlier tests left older ones in the recent window.
		clickable("[data-name='inventory.reserve']").click();
		WebElement details = this.browser.findElement(By.id("details"));
		assertThat(details.getText()).contains("inventory.reserve", "teapot", "quantity", "Duration");
		clickable("[data-name='orders.place']").sendKeys(Keys.ENTER);
		assertThat(this.browser.findElement(By.id("details")).getText()).contains("orders.place");
	}

	@Test
	void theActiveListShowsASpanThatIsStillRunningAndTheStatisticsSort() throws Exception {
		this.orders.place("book");
		try (TraceScope running = this.trace.openScope("still.running", Map.of("job", "export"))) {
			load();
			new WebDriverWait(this.browser, Duration.ofSeconds(10))
				.until((driver) -> driver.findElement(By.id("active")).getText().contains("still.running"));
		}
		WebElement stats = this.browser.findElement(By.id("stats"));
		assertThat(stats.getText()).contains("orders.place", "inventory.reserve");
		this.browser.findElement(By.cssSelector("#stats button[data-sort='name']")).click();
		List<WebElement> names = this.browser.findElements(By.cssSelector("#stats tbody tr td:first-child"));
		List<String> sorted = names.stream().map(WebElement::getText).toList();
		assertThat(sorted).isSortedAccordingTo(String::compareTo);
	}

	@Test
	void twoThousandSpansRenderInUnder200Milliseconds() throws Exception {
		for (int i = 0; i < 1000; i++) {
			try (TraceScope outer = this.trace.openScope("batch", Map.of("i", i))) {
				this.trace.end(this.trace.start("step"));
			}
		}
		load();
		waitFor("[data-name='batch']");
		JavascriptExecutor js = this.browser;
		long spans = (Long) js.executeScript("return window.__traceView.spans.length");
		assertThat(spans).isGreaterThanOrEqualTo(2000);
		// Measured in the page with performance.now(): the best of five renders, so a busy
		// machine's moment does not count, while a render that is slow every time does.
		double best = Double.MAX_VALUE;
		double worst = 0;
		for (int i = 0; i < 5; i++) {
			this.browser.findElement(By.id("zoom-reset")).click();
			double took = ((Number) js.executeScript("return window.__traceView.lastRenderMs")).doubleValue();
			best = Math.min(best, took);
			worst = Math.max(worst, took);
		}
		System.out.println("Rendering " + spans + " spans took " + best + " ms at best, " + worst + " ms at most");
		assertThat(best).isLessThan(200);
	}

	@Test
	void errorsFromTheEndpointAreShownInThePage() throws Exception {
		load();
		waitFor("#status");
		this.browser.executeScript("window.fetch = () => Promise.resolve(new Response('down', {status: 503}));");
		this.browser.findElement(By.id("refresh")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(5))
			.until((driver) -> driver.findElement(By.id("error")).isDisplayed());
		assertThat(this.browser.findElement(By.id("error")).getText()).contains("503");
	}

	@Test
	void theDownloadButtonHandsOutTheWindowAsAChromeTrace() throws Exception {
		this.orders.place("book");
		load();
		waitFor("[data-name='orders.place']");
		this.browser.findElement(By.id("download")).click();
		JavascriptExecutor js = this.browser;
		assertThat((Long) js.executeScript("return window.__traceView.downloads")).isEqualTo(1);
		String trace = (String) js.executeScript("return JSON.stringify(window.__traceView.trace)");
		assertThat(trace).startsWith("{\"displayTimeUnit\"").contains("orders.place", "thread_name");
	}

	@Test
	void aNarrowWindowStaysReadable() throws Exception {
		this.orders.place("book");
		load();
		waitFor("[data-name='orders.place']");
		this.browser.manage().window().setSize(new Dimension(480, 900));
		JavascriptExecutor js = this.browser;
		long overflow = (Long) js.executeScript(
				"return document.documentElement.scrollWidth - document.documentElement.clientWidth");
		assertThat(overflow).isLessThanOrEqualTo(0);
		assertThat(this.browser.findElement(By.id("timeline")).isDisplayed()).isTrue();
	}

	@Test
	void refreshesNeverOverlapHoweverOftenTheyAreAskedFor() throws Exception {
		this.orders.place("book");
		load();
		waitFor("[data-name='orders.place']");
		JavascriptExecutor js = this.browser;
		long loads = (Long) js.executeScript("return window.__traceView.loads");
		js.executeScript("for (let i = 0; i < 20; i++) { document.getElementById('refresh').click(); }");
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> (Boolean) js
			.executeScript("return window.__traceView.inFlight === null && window.__traceView.loads > " + loads));
		assertThat((Long) js.executeScript("return window.__traceView.maxRefreshing")).isEqualTo(1);
		// Twenty clicks: the refresh they started, and one more for those made while it ran.
		assertThat((Long) js.executeScript("return window.__traceView.loads") - loads).isBetween(1L, 3L);
	}

	@Test
	void bidirectionalControlsInNamesAreShownVisibly() throws Exception {
		ExecutorService spoofed = Executors.newSingleThreadExecutor((task) -> new Thread(task, "abc\u202Egnp.exe"));
		try {
			spoofed.submit(() -> this.trace.end(this.trace.start("upload\u202Etxt.exe"))).get();
		}
		finally {
			spoofed.shutdown();
		}
		load();
		waitFor("[data-name='upload\u202Etxt.exe']");
		List<String> lanes = this.browser.findElements(By.cssSelector(".lane-label"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(lanes).contains("abc<U+202E>gnp.exe").noneMatch((lane) -> lane.contains("\u202E"));
	}

	@Test
	void lanesOfPoolThreadsWithLongNamesShowWhereTheNamesDiffer() throws Exception {
		for (String thread : List.of("http-nio-127.0.0.1-19999-exec-7", "http-nio-127.0.0.1-19999-exec-12")) {
			ExecutorService pool = Executors.newSingleThreadExecutor((task) -> new Thread(task, thread));
			try {
				pool.submit(() -> this.trace.end(this.trace.start("pooled.work"))).get();
			}
			finally {
				pool.shutdown();
			}
		}
		load();
		waitFor("[data-name='pooled.work']");
		List<WebElement> lanes = this.browser.findElements(By.cssSelector(".lane-label"))
			.stream()
			.filter((lane) -> lane.getDomAttribute("title").startsWith("http-nio-127.0.0.1-19999-exec-"))
			.toList();
		assertThat(lanes).extracting(WebElement::getText).anyMatch((label) -> label.endsWith("-exec-7"))
			.anyMatch((label) -> label.endsWith("-exec-12"))
			.allMatch((label) -> label.startsWith("http-n"));
		assertThat(lanes).allSatisfy((lane) -> {
			// The whole name fits the lane: nothing is cut off at its edge.
			assertThat(((Number) this.browser.executeScript("return arguments[0].scrollWidth - arguments[0].clientWidth",
					lane)).intValue()).isLessThanOrEqualTo(0);
		});
	}

	@Test
	void aTooltipOverALongValueStaysSmall() throws Exception {
		this.trace.end(this.trace.start("long.value", Map.of("payload", "w".repeat(4000))));
		load();
		WebElement span = waitFor("[data-name='long.value']");
		pause();
		new org.openqa.selenium.interactions.Actions(this.browser).moveToElement(clickable("[data-name='long.value']"))
			.perform();
		WebElement tooltip = new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.findElement(By.id("tooltip")).isDisplayed() ? driver.findElement(By.id("tooltip"))
					: null);
		assertThat(tooltip.getText()).contains("long.value").hasSizeLessThan(500);
		assertThat(tooltip.getRect().getHeight()).isLessThanOrEqualTo(800 * 40 / 100);
		assertThat(span).isNotNull();
	}

	private void pause() {
		this.browser.findElement(By.id("pause")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> (Boolean) ((JavascriptExecutor) driver)
			.executeScript("return window.__traceView.paused && window.__traceView.inFlight === null"));
	}

	/** The newest element matching, once it can be clicked (laid out, visible, enabled). */
	private WebElement clickable(String selector) {
		return new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> {
			List<WebElement> found = driver.findElements(By.cssSelector(selector));
			if (found.isEmpty()) {
				return null;
			}
			WebElement newest = found.get(found.size() - 1);
			((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", newest);
			return ExpectedConditions.elementToBeClickable(newest).apply(driver);
		});
	}

	private void load() {
		this.browser.get("http://localhost:" + this.port + "/actuator/trace-spans/ui#timeline");
	}

	private WebElement waitFor(String selector) {
		return new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.findElements(By.cssSelector(selector)).stream().findFirst().orElse(null));
	}

	private List<LogEntry> severeConsoleEntries() {
		return this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			.toList();
	}

}
