package dev.forge.trace.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when every named boolean property is on, where a property left out or given an
 * empty value ({@code ${X:}} with {@code X} unset) takes its default: the rule the
 * properties themselves bind by. {@code @ConditionalOnBooleanProperty} would read an empty
 * value as off while the property bound its default on.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnFlagCondition.class)
@interface ConditionalOnFlag {

	/**
	 * The properties' names.
	 * @return the names
	 */
	String[] value();

	/**
	 * The value of a property left out or empty.
	 * @return the default
	 */
	boolean byDefault() default true;

}
