package dev.forge.trace.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.forge.trace.TraceService;
import dev.forge.trace.export.ExportDrainer;
import dev.forge.trace.export.HttpPost;
import dev.forge.trace.export.SpanExporter;
import dev.forge.trace.export.file.FileSpanExporter;
import dev.forge.trace.export.http.HttpSpanExporter;
import dev.forge.trace.export.log.LoggingSpanExporter;
import dev.forge.trace.export.otlp.OtlpSpanExporter;
import dev.forge.trace.export.zipkin.ZipkinSpanExporter;
import zipkin2.codec.SpanBytesEncoder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of span export: each exporter when its property is set, any
 * {@link SpanExporter} bean of the user's own, and the one {@link ExportDrainer} that
 * drives them all, created only when there is at least one exporter.
 */
@AutoConfiguration(after = TraceAutoConfiguration.class)
@ConditionalOnFlag("trace.enabled")
@ConditionalOnBean(TraceService.class)
@EnableConfigurationProperties(TraceExportProperties.class)
public final class TraceExportAutoConfiguration {

	@Bean
	@ConditionalOnPropertyText("trace.export.http.url")
	@ConditionalOnMissingBean
	HttpSpanExporter httpSpanExporter(TraceExportProperties properties) {
		return new HttpSpanExporter(new HttpPost(properties.getHttp().getUrl(), properties.getHttp().getHeaders(),
				properties.getTimeout()));
	}

	@Bean
	@ConditionalOnPropertyText("trace.export.file.path")
	@ConditionalOnMissingBean
	FileSpanExporter fileSpanExporter(TraceExportProperties properties, Environment environment) {
		TraceExportProperties.File file = properties.getFile();
		return new FileSpanExporter(file.getPath(), file.getFormat(), file.getMaxFileSize().toBytes(),
				file.getMaxFiles(), TraceAutoConfiguration.applicationName(environment));
	}

	@Bean
	@ConditionalOnFlag(value = "trace.export.log.enabled", byDefault = false)
	@ConditionalOnMissingBean
	LoggingSpanExporter loggingSpanExporter() {
		return new LoggingSpanExporter();
	}

	/**
	 * Zipkin, when Zipkin's span model is on the classpath and an endpoint is set.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "zipkin2.codec.SpanBytesEncoder")
	@ConditionalOnPropertyText("trace.export.zipkin.endpoint")
	static final class ZipkinExportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ZipkinSpanExporter zipkinSpanExporter(TraceExportProperties properties, Environment environment,
				TraceService trace) {
			TraceExportProperties.Zipkin zipkin = properties.getZipkin();
			return new ZipkinSpanExporter(new HttpPost(zipkin.getEndpoint(), Map.of(), properties.getTimeout()),
					TraceAutoConfiguration.applicationName(environment),
					(zipkin.getEncoding() == TraceExportProperties.ZipkinEncoding.PROTO3) ? SpanBytesEncoder.PROTO3
							: SpanBytesEncoder.JSON_V2,
					trace.traceIds());
		}

	}

	/**
	 * OTLP, when the OpenTelemetry OTLP exporter (1.59 or later, for the SDK's public sender SPI)
	 * is on the classpath and an endpoint is set.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter",
			"io.opentelemetry.sdk.common.export.HttpSenderProvider" })
	@ConditionalOnPropertyText("trace.export.otlp.endpoint")
	static final class OtlpExportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OtlpSpanExporter otlpSpanExporter(TraceExportProperties properties, Environment environment,
				TraceService trace) {
			TraceExportProperties.Otlp otlp = properties.getOtlp();
			return new OtlpSpanExporter(otlp.getEndpoint(), otlp.getHeaders(), otlp.getCompression(),
					(otlp.getTimeout() != null) ? otlp.getTimeout() : properties.getTimeout(),
					TraceAutoConfiguration.applicationName(environment), trace.traceIds());
		}

	}

	@Bean(destroyMethod = "close")
	@ConditionalOnBean(SpanExporter.class)
	@ConditionalOnMissingBean
	ExportDrainer exportDrainer(TraceService traceService, ObjectProvider<SpanExporter> exporters,
			TraceExportProperties properties) {
		List<SpanExporter> all = exporters.orderedStream().toList();
		return new ExportDrainer(traceService, all, properties.toSettings(), properties.toSampling());
	}

}
