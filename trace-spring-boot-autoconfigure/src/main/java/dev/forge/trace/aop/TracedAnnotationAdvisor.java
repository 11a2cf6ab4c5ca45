package dev.forge.trace.aop;

import java.lang.reflect.Method;

import dev.forge.trace.annotation.Traced;
import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Applies a {@link TracedMethodInterceptor} to {@link Traced} methods, and to the public
 * methods of {@code @Traced} types, including annotations inherited from interfaces and
 * superclasses.
 */
public final class TracedAnnotationAdvisor extends AbstractPointcutAdvisor {

	/**
	 * The default order: outside advisors of the default (lowest) precedence such as
	 * {@code @Transactional} and {@code @Cacheable}, so a span includes the commit.
	 */
	public static final int DEFAULT_ORDER = 0;

	private final TracedMethodInterceptor interceptor;

	private final Pointcut pointcut;

	/**
	 * Creates an advisor.
	 * @param interceptor the interceptor recording the spans
	 * @param order where tracing sits among other advisors (lower is further out)
	 */
	public TracedAnnotationAdvisor(TracedMethodInterceptor interceptor, int order) {
		this.interceptor = interceptor;
		TracedMethodResolver resolver = interceptor.resolver();
		StaticMethodMatcherPointcut pointcut = new StaticMethodMatcherPointcut() {

			@Override
			public boolean matches(Method method, Class<?> targetClass) {
				return resolver.resolve(method, targetClass) != null;
			}

		};
		// Skips, cheaply, classes that cannot carry @Traced (java.*, and types without annotations).
		pointcut.setClassFilter((type) -> AnnotationUtils.isCandidateClass(type, Traced.class));
		this.pointcut = pointcut;
		setOrder(order);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

	/**
	 * The interceptor of this advisor.
	 * @return the interceptor
	 */
	public TracedMethodInterceptor getInterceptor() {
		return this.interceptor;
	}

}
