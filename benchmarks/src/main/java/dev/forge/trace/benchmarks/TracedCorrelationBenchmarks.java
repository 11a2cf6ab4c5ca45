package dev.forge.trace.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import brave.Tracing;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.autoconfigure.TraceAopAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceAutoConfiguration;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.annotation.DefaultNewSpanParser;
import io.micrometer.tracing.annotation.ImperativeMethodInvocationProcessor;
import io.micrometer.tracing.annotation.NewSpan;
import io.micrometer.tracing.annotation.SpanAspect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.core.env.MapPropertySource;

/**
 * What an annotated method pays for a span whose ids reach the logs: {@code @Traced} with
 * log correlation on (the default) and off, against Micrometer Tracing's {@code @NewSpan}
 * (Boot's {@code SpanAspect} wiring, Brave, every span sampled, its MDC scope decorator),
 * each as the same bean behind its proxy. The overhead is each call less the unadvised one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class TracedCorrelationBenchmarks {

	private AnnotationConfigApplicationContext correlatedContext;

	private AnnotationConfigApplicationContext uncorrelatedContext;

	private AnnotationConfigApplicationContext newSpanContext;

	private AnnotationBenchmarks.Work unadvised;

	private AnnotationBenchmarks.Work correlated;

	private AnnotationBenchmarks.Work uncorrelated;

	private NewSpanWork newSpan;

	private TraceService correlatedTrace;

	private TraceService uncorrelatedTrace;

	private int calls;

	private int argument;

	@Setup(Level.Trial)
	public void setUp() {
		this.unadvised = new AnnotationBenchmarks.Work();
		this.correlatedContext = traced(true);
		this.uncorrelatedContext = traced(false);
		this.correlated = this.correlatedContext.getBean(AnnotationBenchmarks.Work.class);
		this.uncorrelated = this.uncorrelatedContext.getBean(AnnotationBenchmarks.Work.class);
		this.correlatedTrace = this.correlatedContext.getBean(TraceService.class);
		this.uncorrelatedTrace = this.uncorrelatedContext.getBean(TraceService.class);
		this.newSpanContext = new AnnotationConfigApplicationContext(NewSpanConfiguration.class);
		this.newSpan = this.newSpanContext.getBean(NewSpanWork.class);
		if (!AopUtils.isAopProxy(this.correlated) || !AopUtils.isAopProxy(this.newSpan)) {
			throw new IllegalStateException("Expected proxies");
		}
	}

	private static AnnotationConfigApplicationContext traced(boolean logCorrelation) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("benchmark",
					Map.of("trace.log-correlation.enabled", String.valueOf(logCorrelation))));
		context.register(TraceAutoConfiguration.class, TraceAopAutoConfiguration.class,
				AnnotationBenchmarks.TracedConfiguration.class);
		context.refresh();
		return context;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.correlatedContext.close();
		this.uncorrelatedContext.close();
		this.newSpanContext.close();
	}

	@Benchmark
	public int unadvisedWorkCall() {
		return this.unadvised.work(this.argument++);
	}

	@Benchmark
	public int tracedCallLogCorrelationOn() {
		int result = this.correlated.work(this.argument++);
		if ((++this.calls & 4095) == 0) {
			this.correlatedTrace.flush();
		}
		return result;
	}

	@Benchmark
	public int tracedCallLogCorrelationOff() {
		int result = this.uncorrelated.work(this.argument++);
		if ((++this.calls & 4095) == 0) {
			this.uncorrelatedTrace.flush();
		}
		return result;
	}

	@Benchmark
	public int newSpanCall() {
		return this.newSpan.work(this.argument++);
	}

	/** The same work, with Micrometer Tracing's annotation. */
	public static class NewSpanWork {

		@NewSpan
		public int work(int value) {
			return value * 31 + 7;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAspectJAutoProxy(proxyTargetClass = true)
	static class NewSpanConfiguration {

		@Bean(destroyMethod = "close")
		Tracing braveTracing() {
			return BraveFixtures.sampledWithLogCorrelation();
		}

		@Bean
		Tracer tracer(Tracing tracing) {
			return BraveFixtures.micrometerTracer(tracing);
		}

		// As Boot's MicrometerTracingAutoConfiguration wires @NewSpan.
		@Bean
		SpanAspect spanAspect(Tracer tracer) {
			return new SpanAspect(new ImperativeMethodInvocationProcessor(new DefaultNewSpanParser(), tracer));
		}

		@Bean
		NewSpanWork newSpanWork() {
			return new NewSpanWork();
		}

	}

}
