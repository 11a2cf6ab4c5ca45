package dev.forge.trace.autoconfigure;

import dev.forge.trace.TraceService;
import dev.forge.trace.aop.TracedAnnotationAdvisor;
import dev.forge.trace.aop.TracedAnnotationBeanPostProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of {@link dev.forge.trace.annotation.Traced @Traced} support: a
 * post-processor that proxies beans with traced methods. No AspectJ weaver is needed.
 */
@AutoConfiguration(after = TraceAutoConfiguration.class)
@ConditionalOnFlag({ "trace.enabled", "trace.annotations.enabled" })
public final class TraceAopAutoConfiguration {

	// Static, and reading the environment directly, so that creating this post-processor
	// early initializes nothing else; the TraceService is resolved on the first traced call.
	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static TracedAnnotationBeanPostProcessor tracedAnnotationBeanPostProcessor(Environment environment,
			ObjectProvider<TraceService> traceService) {
		int order = environment.getProperty("trace.aop.order", Integer.class, TracedAnnotationAdvisor.DEFAULT_ORDER);
		return new TracedAnnotationBeanPostProcessor(SingletonSupplier.of(traceService::getObject), order);
	}

}
