package dev.forge.trace.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link Traced} metadata of a method, once per method and target class. Looks
 * at the most specific method, then at the methods it overrides or implements, then at
 * the class and its supertypes (type-level {@code @Traced} covers public methods only, and
 * not {@code equals}, {@code hashCode} or {@code toString}).
 */
final class TracedMethodResolver {

	private static final TracedMethod NOT_TRACED = new TracedMethod("", false, new String[0],
			TracedMethod.ReturnKind.DIRECT);

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			TracedMethodResolver.class.getClassLoader());

	// By method, with the first target class it is called on beside it (most methods have one):
	// a call is one lookup, by the instance the proxy passes each time, and allocates nothing.
	private final Map<Method, ByTarget> cache = new ConcurrentHashMap<>(64);

	private static final String[] FRAMEWORK_CALLBACKS = { "org.springframework.web.bind.annotation.InitBinder",
			"org.springframework.web.bind.annotation.ModelAttribute" };

	private final ParameterNameDiscoverer parameterNames;

	private final Class<?> facade;

	TracedMethodResolver() {
		this(new DefaultParameterNameDiscoverer(), null);
	}

	/**
	 * A resolver for a bean called through an interface.
	 * @param facade the interface, which names the spans and whose {@code @Traced} counts
	 */
	TracedMethodResolver(Class<?> facade) {
		this(new DefaultParameterNameDiscoverer(), facade);
	}

	TracedMethodResolver(ParameterNameDiscoverer parameterNames) {
		this(parameterNames, null);
	}

	private TracedMethodResolver(ParameterNameDiscoverer parameterNames, Class<?> facade) {
		this.parameterNames = parameterNames;
		this.facade = facade;
	}

	/**
	 * The metadata of {@code method} called on an instance of {@code targetClass}.
	 * @return the metadata, or {@code null} when the method is not traced
	 */
	TracedMethod resolve(Method method, Class<?> targetClass) {
		Class<?> type = (targetClass != null) ? targetClass : method.getDeclaringClass();
		ByTarget known = this.cache.get(method);
		if (known == null) {
			known = this.cache.computeIfAbsent(method, (key) -> new ByTarget(type, compute(method, type)));
		}
		TracedMethod traced = (known.type == type) ? known.traced
				: known.others.computeIfAbsent(type, (key) -> compute(method, type));
		return (traced != NOT_TRACED) ? traced : null;
	}

	/** A method's metadata on the first target class seen, and on any other. */
	private static final class ByTarget {

		private final Class<?> type;

		private final TracedMethod traced;

		private final Map<Class<?>, TracedMethod> others = new ConcurrentHashMap<>(2);

		ByTarget(Class<?> type, TracedMethod traced) {
			this.type = type;
			this.traced = traced;
		}

	}

	private TracedMethod compute(Method method, Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class) {
			return NOT_TRACED;
		}
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		Method specific = AopUtils.getMostSpecificMethod(method, userClass);
		Method declared = (this.facade != null)
				? ReflectionUtils.findMethod(this.facade, method.getName(), method.getParameterTypes()) : null;
		Traced traced = AnnotatedElementUtils.findMergedAnnotation(specific, Traced.class);
		if (traced == null && specific != method) {
			traced = AnnotatedElementUtils.findMergedAnnotation(method, Traced.class);
		}
		if (traced == null && declared != null) {
			traced = AnnotatedElementUtils.findMergedAnnotation(declared, Traced.class);
		}
		// Type-level: public methods, but not equals, hashCode or toString, which logging calls,
		// nor the callbacks a framework calls on its own (@InitBinder, @ModelAttribute).
		if (traced == null && Modifier.isPublic(specific.getModifiers()) && !ReflectionUtils.isObjectMethod(specific)
				&& !isFrameworkCallback(specific)) {
			traced = AnnotatedElementUtils.findMergedAnnotation(userClass, Traced.class);
			if (traced == null && this.facade != null) {
				// The interface the bean is called through covers all its methods, inherited ones too.
				traced = AnnotatedElementUtils.findMergedAnnotation(this.facade, Traced.class);
			}
			if (traced == null) {
				// An interface behind a JDK proxy.
				traced = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), Traced.class);
			}
		}
		if (traced == null) {
			return NOT_TRACED;
		}
		Class<?> namingType = (this.facade != null) ? this.facade : userClass;
		String name = traced.value().isBlank() ? defaultName(namingType, specific) : traced.value();
		return new TracedMethod(name, traced.captureResult(), attributeKeys(specific, userClass),
				returnKind(specific.getReturnType()));
	}

	private static boolean isFrameworkCallback(Method method) {
		MergedAnnotations annotations = MergedAnnotations.from(method);
		for (String callback : FRAMEWORK_CALLBACKS) {
			if (annotations.isPresent(callback)) {
				return true;
			}
		}
		return false;
	}

	private static String defaultName(Class<?> userClass, Method method) {
		String simpleName = userClass.getSimpleName();
		if (simpleName.isEmpty()) {
			// Anonymous classes have no simple name.
			simpleName = ClassUtils.getShortName(userClass);
		}
		return simpleName + "." + method.getName();
	}

	private String[] attributeKeys(Method specific, Class<?> userClass) {
		int count = specific.getParameterCount();
		String[] keys = new String[count];
		List<Method> candidates = overriddenMethods(specific, userClass);
		String[] names = this.parameterNames.getParameterNames(specific);
		for (int i = 0; i < count; i++) {
			for (Method candidate : candidates) {
				TraceAttribute attribute = AnnotatedElementUtils
					.findMergedAnnotation(candidate.getParameters()[i], TraceAttribute.class);
				if (attribute != null) {
					keys[i] = !attribute.value().isBlank() ? attribute.value()
							: (names != null) ? names[i] : "arg" + i;
					break;
				}
			}
		}
		return keys;
	}

	/** The method itself, then the same method in its superclasses and interfaces. */
	private static List<Method> overriddenMethods(Method method, Class<?> userClass) {
		List<Method> methods = new ArrayList<>();
		methods.add(method);
		for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(userClass)) {
			addIfDeclared(methods, type, method);
		}
		for (Class<?> type = userClass.getSuperclass(); type != null && type != Object.class; type = type
			.getSuperclass()) {
			addIfDeclared(methods, type, method);
		}
		return methods;
	}

	private static void addIfDeclared(List<Method> methods, Class<?> type, Method method) {
		Method declared = ReflectionUtils.findMethod(type, method.getName(), method.getParameterTypes());
		if (declared != null && !methods.contains(declared)) {
			methods.add(declared);
		}
	}

	private static TracedMethod.ReturnKind returnKind(Class<?> returnType) {
		if (CompletionStage.class.isAssignableFrom(returnType)) {
			return TracedMethod.ReturnKind.STAGE;
		}
		if (REACTOR_PRESENT && ReactiveSpans.admitsWrapping(returnType)) {
			return TracedMethod.ReturnKind.PUBLISHER;
		}
		// Anything else, ConnectableFlux and a user's own Publisher included: a span of the call.
		return TracedMethod.ReturnKind.DIRECT;
	}

}
