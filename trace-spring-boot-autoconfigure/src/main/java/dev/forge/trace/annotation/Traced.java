package dev.forge.trace.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records every call of the annotated method as a span in the
 * {@link dev.forge.trace.TraceService}. On a type, every public method of the bean is
 * traced. Annotations on interface and superclass methods are honoured.
 * <p>
 * The span starts before the call and ends when it returns or throws; for
 * {@code CompletionStage} results, when the stage completes; for Reactor {@code Mono} and
 * {@code Flux}, the span starts on subscription and ends on complete, error or cancel.
 * On failure the result is {@code {"error": message, "exception": class name}} and the
 * same exception is rethrown. Calls through {@code this} are not traced (Spring proxies).
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Traced {

	/**
	 * The span name; {@code SimpleClassName.methodName} of the bean's class when empty.
	 * @return the span name
	 */
	String value() default "";

	/**
	 * Whether the returned value (or the value a stage or {@code Mono} completes with)
	 * becomes the span's result, captured and masked like attributes.
	 * @return whether to capture the result
	 */
	boolean captureResult() default false;

}
