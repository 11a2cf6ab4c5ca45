package dev.forge.trace.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.autoconfigure.TraceAopAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
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

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;

/**
 * The cost {@code @Traced} adds to a call through a real Spring proxy, against the same
 * bean unadvised and against Micrometer's {@code @Observed} with {@code ObservedAspect}
 * (its observation takes the same three clock readings).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class AnnotationBenchmarks {

	private AnnotationConfigApplicationContext tracedContext;

	private AnnotationConfigApplicationContext observedContext;

	private Work unadvised;

	private Work traced;

	private ObservedWork observed;

	private Work passThrough;

	private TraceService trace;

	private int calls;

	private int argument;

	@Setup(Level.Trial)
	public void setUp() {
		this.unadvised = new Work();
		this.tracedContext = new AnnotationConfigApplicationContext(TraceAutoConfiguration.class,
				TraceAopAutoConfiguration.class, TracedConfiguration.class);
		this.traced = this.tracedContext.getBean(Work.class);
		this.trace = this.tracedContext.getBean(TraceService.class);
		this.observedContext = new AnnotationConfigApplicationContext(ObservedConfiguration.class);
		this.observed = this.observedContext.getBean(ObservedWork.class);
		ProxyFactory passThroughFactory = new ProxyFactory(new Work());
		passThroughFactory.setProxyTargetClass(true);
		passThroughFactory.addAdvice((MethodInterceptor) MethodInvocation::proceed);
		this.passThrough = (Work) passThroughFactory.getProxy();
		if (!AopUtils.isAopProxy(this.traced) || !AopUtils.isAopProxy(this.observed)) {
			throw new IllegalStateException("Expected proxies");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracedContext.close();
		this.observedContext.close();
	}

	@Benchmark
	public int unadvisedCall() {
		return this.unadvised.work(this.argument++);
	}

	@Benchmark
	public int tracedCall() {
		int result = this.traced.work(this.argument++);
		if ((++this.calls & 4095) == 0) {
			this.trace.flush();
		}
		return result;
	}

	/** The same class-based Spring proxy with an interceptor that only proceeds: the proxy's own cost. */
	@Benchmark
	public int passThroughProxyCall() {
		return this.passThrough.work(this.argument++);
	}

	@Benchmark
	public int observedCall() {
		return this.observed.work(this.argument++);
	}

	/** A bean with a traced method. */
	public static class Work {

		@Traced
		public int work(int value) {
			return value * 31 + 7;
		}

	}

	/** The same work, observed by Micrometer. */
	public static class ObservedWork {

		@Observed(name = "work")
		public int work(int value) {
			return value * 31 + 7;
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class TracedConfiguration {

		@Bean
		Work work() {
			return new Work();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAspectJAutoProxy(proxyTargetClass = true)
	static class ObservedConfiguration {

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new TimingHandler());
			return registry;
		}

		@Bean
		ObservedAspect observedAspect(ObservationRegistry observationRegistry) {
			return new ObservedAspect(observationRegistry);
		}

		@Bean
		ObservedWork observedWork() {
			return new ObservedWork();
		}

	}

}
