package dev.forge.trace.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds the annotated argument of a {@link Traced} method to the span's attributes, a JSON
 * object keyed by attribute name. Values are captured and masked like any attributes.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TraceAttribute {

	/**
	 * The attribute key. When empty, the parameter's name, which needs the code compiled
	 * with {@code -parameters} (Spring Boot's build plugins do this); without it the key
	 * is {@code arg0}, {@code arg1}, ... by position.
	 * @return the attribute key
	 */
	String value() default "";

}
