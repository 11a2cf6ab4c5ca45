package dev.forge.trace.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when a property is set to some text: unlike {@code @ConditionalOnProperty}, an
 * empty or blank value does not match, so {@code trace.export.zipkin.endpoint=${ZIPKIN_URL:}}
 * leaves the exporter off until the variable is set.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnPropertyTextCondition.class)
@interface ConditionalOnPropertyText {

	/**
	 * The property's name.
	 * @return the name
	 */
	String value();

}
