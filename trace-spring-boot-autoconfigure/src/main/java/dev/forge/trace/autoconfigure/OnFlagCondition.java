package dev.forge.trace.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition behind {@link ConditionalOnFlag}.
 */
final class OnFlagCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnFlag.class.getName());
		boolean byDefault = (Boolean) attributes.get("byDefault");
		for (String name : (String[]) attributes.get("value")) {
			if (!isOn(context, name, byDefault)) {
				return ConditionOutcome.noMatch(name + " is off");
			}
		}
		return ConditionOutcome.match("every flag is on");
	}

	private static boolean isOn(ConditionContext context, String name, boolean byDefault) {
		try {
			// The environment's conversion is the binder's: "" is no value, "yes" is true.
			Boolean value = context.getEnvironment().getProperty(name, Boolean.class);
			return (value != null) ? value : byDefault;
		}
		catch (IllegalArgumentException ex) {
			// Not a boolean: the properties' binding stops startup with Boot's report.
			return byDefault;
		}
	}

}
