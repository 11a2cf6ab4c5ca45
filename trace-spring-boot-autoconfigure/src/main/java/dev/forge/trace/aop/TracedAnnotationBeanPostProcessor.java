package dev.forge.trace.aop;

import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopConfigException;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;

/**
 * Proxies beans with {@link Traced} methods, in the manner of Spring's
 * {@code MethodValidationPostProcessor}. On a bean that is already a proxy (for
 * {@code @Transactional}, say) the tracing advisor is inserted by its order among the
 * existing advisors, except that {@code @Async} always stays outermost so a span measures
 * the asynchronous execution. A bean whose class cannot be subclassed (a final class or
 * a record) is left as it is, with one warning.
 */
public class TracedAnnotationBeanPostProcessor extends AbstractAdvisingBeanPostProcessor {

	private static final Log logger = LogFactory.getLog(TracedAnnotationBeanPostProcessor.class);

	private final Set<Class<?>> warnedClasses = ConcurrentHashMap.newKeySet();

	private final Map<Class<?>, Advisor> interfaceAdvisors = new ConcurrentHashMap<>();

	/**
	 * Creates a post-processor.
	 * @param trace supplies the service, resolved on the first traced call
	 * @param order where tracing sits among other advisors (lower is further out)
	 */
	public TracedAnnotationBeanPostProcessor(Supplier<TraceService> trace, int order) {
		this.advisor = new TracedAnnotationAdvisor(new TracedMethodInterceptor(trace), order);
		setProxyTargetClass(true);
	}

	/**
	 * The advisor this post-processor applies.
	 * @return the advisor
	 */
	public TracedAnnotationAdvisor getAdvisor() {
		return (TracedAnnotationAdvisor) this.advisor;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (this.advisor == null || bean instanceof AopInfrastructureBean) {
			return bean;
		}
		if (bean instanceof Advised advised && !advised.isFrozen()
				&& (isEligible(AopUtils.getTargetClass(bean)) || anyEligible(advised.getProxiedInterfaces()))) {
			// Already a proxy (for @Transactional, or a Spring Data repository): add the advice to it.
			if (!hasTracingAdvisor(advised)) {
				Advisor advisor = AopUtils.isJdkDynamicProxy(bean) ? advisorFor(advised.getProxiedInterfaces())
						: this.advisor;
				advised.addAdvisor(insertionIndex(advised.getAdvisors()), advisor);
			}
			return bean;
		}
		if (Proxy.isProxyClass(bean.getClass())) {
			// A JDK proxy of another library's: wrap it in a proxy of the same interfaces.
			Class<?>[] interfaces = bean.getClass().getInterfaces();
			if (!anyEligible(interfaces)) {
				return bean;
			}
			ProxyFactory proxyFactory = new ProxyFactory(interfaces);
			proxyFactory.setTarget(bean);
			proxyFactory.addAdvisor(advisorFor(interfaces));
			return proxyFactory.getProxy(getProxyClassLoader());
		}
		if (!isEligible(bean, beanName)) {
			return bean;
		}
		if (Modifier.isFinal(bean.getClass().getModifiers())) {
			warnNotProxyable(beanName, bean.getClass(), "its class is final (records are final too)");
			return bean;
		}
		try {
			return super.postProcessAfterInitialization(bean, beanName);
		}
		catch (AopConfigException ex) {
			warnNotProxyable(beanName, bean.getClass(), ex.getMessage());
			return bean;
		}
	}

	private static boolean hasTracingAdvisor(Advised advised) {
		for (Advisor advisor : advised.getAdvisors()) {
			if (advisor instanceof TracedAnnotationAdvisor) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The advisor for a bean called through interfaces: its target class (the same
	 * {@code SimpleJpaRepository} behind every repository, or a JDK proxy class) names
	 * nothing, so the first interface with {@code @Traced} on it or its methods names the
	 * spans and its type-level {@code @Traced} covers all its methods.
	 */
	private Advisor advisorFor(Class<?>[] interfaces) {
		for (Class<?> type : interfaces) {
			if (AopUtils.canApply(this.advisor, type)) {
				return this.interfaceAdvisors.computeIfAbsent(type, (facade) -> new TracedAnnotationAdvisor(
						getAdvisor().getInterceptor().forInterface(facade), getAdvisor().getOrder()));
			}
		}
		return this.advisor;
	}

	private boolean anyEligible(Class<?>[] interfaces) {
		for (Class<?> type : interfaces) {
			if (AopUtils.canApply(this.advisor, type)) {
				return true;
			}
		}
		return false;
	}

	private int insertionIndex(Advisor[] advisors) {
		int order = getAdvisor().getOrder();
		int index = 0;
		while (index < advisors.length && (advisors[index] instanceof AsyncAnnotationAdvisor
				|| orderOf(advisors[index]) <= order)) {
			index++;
		}
		return index;
	}

	private static int orderOf(Advisor advisor) {
		return (advisor instanceof Ordered ordered) ? ordered.getOrder() : Ordered.LOWEST_PRECEDENCE;
	}

	private void warnNotProxyable(String beanName, Class<?> type, String reason) {
		if (this.warnedClasses.add(type)) {
			logger.warn("Bean '" + beanName + "' of type " + type.getName()
					+ " has @Traced methods but cannot be proxied: " + reason
					+ ". Its calls are not traced. Make the class non-final, or move the @Traced methods to a"
					+ " bean whose class is not final.");
		}
	}

}
