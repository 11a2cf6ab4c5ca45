package dev.forge.trace.profile;

import java.time.Duration;

import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the flight recorder cannot start (a JVM without it, a restricted environment, a
 * recording limit), one line says so and tracing goes on without profiles. No JVM flag
 * turns the recorder off on JDK 17, so the recording that fails is handed in.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceProfilerUnavailableTests {

	@Test
	void aRecorderThatCannotStartIsOneWarningAndNoProfiles(CapturedOutput output) {
		TraceService trace = new TraceService();
		TraceProfiler profiler = new TraceProfiler(trace, Duration.ofMillis(20), Duration.ofMillis(10), 200, 1 << 20);
		profiler.recordings(() -> {
			throw new IllegalStateException("Flight Recorder is disabled");
		});
		profiler.start();
		assertThat(profiler.isRunning()).isFalse();
		assertThat(profiler.stats().running()).isFalse();
		assertThat(output.getOut() + output.getErr()).containsOnlyOnce("Trace profiles are off")
			.contains("Flight Recorder is disabled");
		// Tracing goes on; a trace simply has no profile.
		long id = trace.start("work");
		trace.end(id);
		assertThat(profiler.profile(Long.toString(id))).isNull();
		profiler.stop();
	}

}
