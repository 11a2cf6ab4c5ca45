package dev.forge.trace.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A screenshot of the page over a few threads of real traffic, for the README; a context of
 * its own, so only this traffic shows. A build writes it to {@code target/}, never into the
 * tracked {@code docs/}: that takes the explicit step the README gives
 * ({@code -Dtrace.screenshots=$PWD/docs}).
 */
@SpringBootTest(classes = PageTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=trace-spans", "spring.application.name=orders" })
class TraceSpansPageScreenshotTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Autowired
	private PageTestApplication.Orders orders;

	@Test
	void aScreenshotOfThePageWithRealSpansIsSaved() throws Exception {
		ExecutorService workers = Executors.newFixedThreadPool(3, (task) -> {
			Thread thread = new Thread(task);
			thread.setName("http-nio-exec-" + thread.getId());
			return thread;
		});
		List<Future<?>> work = new ArrayList<>();
		for (List<String> items : List.of(List.of("book", "pen", "lamp"), List.of("desk", "broken", "mug"),
				List.of("chair", "cup", "plate"))) {
			work.add(workers.submit(() -> {
				for (String item : items) {
					try {
						this.orders.place(item);
					}
					catch (IllegalStateException ex) {
						// The failed order is recorded as an error span.
					}
					PageTestApplication.pause(2);
				}
			}));
		}
		for (Future<?> done : work) {
			done.get();
		}
		workers.shutdown();
		ChromeDriver browser = Browser.start(1280, 900);
		Path screenshots = Path.of(System.getProperty("trace.screenshots", "target"));
		Files.createDirectories(screenshots);
		try (TraceScope running = this.trace.openScope("report.build", Map.of("kind", "monthly"))) {
			// The requests view, with the failed order's waterfall and its failed span selected.
			browser.get("http://localhost:" + this.port + "/actuator/trace-spans/ui");
			new WebDriverWait(browser, Duration.ofSeconds(10))
				.until((driver) -> driver.findElements(By.cssSelector("#traces button.trace")).size() >= 9);
			browser.findElement(By.id("pause")).click();
			browser.findElement(By.cssSelector("#traces tr.error button.trace")).sendKeys(Keys.ENTER);
			WebElement failed = new WebDriverWait(browser, Duration.ofSeconds(10)).until(
					(driver) -> driver.findElements(By.cssSelector("#waterfall .wf-row.error[data-span='inventory.reserve']"))
						.stream()
						.findFirst()
						.orElse(null));
			failed.sendKeys(Keys.ENTER);
			new WebDriverWait(browser, Duration.ofSeconds(10))
				.until((driver) -> driver.findElement(By.id("details")).getText().contains("out of stock"));
			Files.write(screenshots.resolve("trace-spans-requests.png"), browser.getScreenshotAs(OutputType.BYTES));
			// The threads timeline.
			browser.findElement(By.id("tab-timeline")).click();
			new WebDriverWait(browser, Duration.ofSeconds(10))
				.until((driver) -> driver.findElement(By.id("active")).getText().contains("report.build")
						&& driver.findElements(By.cssSelector("[data-name='inventory.reserve']")).size() == 9);
			browser.findElement(By.id("zoom-reset")).click();
			List<WebElement> reserves = browser.findElements(By.cssSelector("[data-name='inventory.reserve']"));
			assertThat(reserves).hasSize(9);
			// Selected from the keyboard: an instant may sit over the span's centre, where a click lands.
			browser.findElement(By.cssSelector(".span.error")).sendKeys(Keys.ENTER);
			new WebDriverWait(browser, Duration.ofSeconds(10))
				.until((driver) -> driver.findElement(By.id("details")).getText().contains("out of stock"));
			browser.executeScript("document.getElementById('tooltip').hidden = true");
			Files.write(screenshots.resolve("trace-spans-page.png"), browser.getScreenshotAs(OutputType.BYTES));
		}
		finally {
			browser.quit();
		}
	}

}
