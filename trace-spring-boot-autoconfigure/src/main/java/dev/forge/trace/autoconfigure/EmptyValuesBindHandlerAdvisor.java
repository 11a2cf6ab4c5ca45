package dev.forge.trace.autoconfigure;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.convert.ConversionFailedException;

/**
 * One rule for an empty {@code trace.*} value ({@code trace.x=}, or {@code ${X:}} with
 * {@code X} unset): it means the property's default. Boot's binder already leaves a
 * duration, a size or an enum at its default then, but fails on a number or a boolean
 * ("A null value cannot be assigned to a primitive type") and binds an empty list or
 * string; this handler makes those keep their defaults too. A list that should be empty
 * says so in words ({@code trace.propagation.consume=none}).
 */
final class EmptyValuesBindHandlerAdvisor implements ConfigurationPropertiesBindHandlerAdvisor {

	private static final ConfigurationPropertyName TRACE = ConfigurationPropertyName.of("trace");

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new AbstractBindHandler(bindHandler) {

			@Override
			public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Object result) {
				if (TRACE.isAncestorOf(name) && isEmpty(result)) {
					return null;
				}
				return super.onSuccess(name, target, context, result);
			}

			@Override
			public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Exception error) throws Exception {
				if (TRACE.isAncestorOf(name) && emptyIntoPrimitive(error)) {
					return null;
				}
				return super.onFailure(name, target, context, error);
			}

		};
	}

	private static boolean isEmpty(Object result) {
		return (result instanceof CharSequence text && text.toString().isBlank())
				|| (result instanceof Collection<?> collection && collection.isEmpty());
	}

	// A string converts to null only when it is empty; a primitive cannot take the null.
	private static boolean emptyIntoPrimitive(Exception error) {
		return error instanceof ConversionFailedException conversion && conversion.getValue() == null
				&& conversion.getSourceType() != null && conversion.getSourceType().getType() == String.class
				&& conversion.getTargetType().isPrimitive();
	}

}
