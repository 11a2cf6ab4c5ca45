package dev.forge.trace.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The condition behind {@link ConditionalOnPropertyText}.
 */
final class OnPropertyTextCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnPropertyText.class.getName());
		String name = (String) attributes.get("value");
		String value = context.getEnvironment().getProperty(name);
		return StringUtils.hasText(value) ? ConditionOutcome.match(name + " is set")
				: ConditionOutcome.noMatch(name + " is not set or empty");
	}

}
