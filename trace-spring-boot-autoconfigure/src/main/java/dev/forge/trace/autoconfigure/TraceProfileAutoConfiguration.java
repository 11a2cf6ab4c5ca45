package dev.forge.trace.autoconfigure;

import java.util.Set;

import dev.forge.trace.TraceService;
import dev.forge.trace.profile.TraceProfiler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of trace profiles ({@code trace.profile.enabled}, off by default): a
 * {@link TraceProfiler} streaming the JDK's flight recorder while the application runs.
 */
@AutoConfiguration(after = TraceAutoConfiguration.class)
@ConditionalOnClass(name = "jdk.jfr.consumer.RecordingStream")
@ConditionalOnFlag("trace.enabled")
@ConditionalOnBean(TraceService.class)
public final class TraceProfileAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnFlag(value = "trace.profile.enabled", byDefault = false)
	TraceProfiler traceProfiler(TraceService traceService, TraceProperties properties) {
		TraceProperties.Profile profile = properties.getProfile();
		return new TraceProfiler(traceService, profile.getSamplePeriod(), profile.getWaitThreshold(),
				Set.copyOf(profile.getWaits()), profile.getMaxStacksPerTrace(), profile.getMaxSize().toBytes());
	}

}
