package dev.forge.trace.aop;

import java.lang.reflect.Method;

import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterNameDiscoverer;

import static org.assertj.core.api.Assertions.assertThat;

class TracedMethodResolverTests {

	@Test
	void attributeKeysFallBackToThePositionWhenParameterNamesAreUnavailable() throws Exception {
		ParameterNameDiscoverer noNames = new ParameterNameDiscoverer() {
			@Override
			public String[] getParameterNames(Method method) {
				return null;
			}

			@Override
			public String[] getParameterNames(java.lang.reflect.Constructor<?> constructor) {
				return null;
			}
		};
		Method method = Orders.class.getMethod("place", String.class, int.class, long.class);
		TracedMethod traced = new TracedMethodResolver(noNames).resolve(method, Orders.class);
		assertThat(traced.attributeKeys()).containsExactly("arg0", "quantity", null);
	}

	@Test
	void attributeKeysAreParameterNamesWhenCompiledWithParameters() throws Exception {
		Method method = Orders.class.getMethod("place", String.class, int.class, long.class);
		TracedMethod traced = new TracedMethodResolver().resolve(method, Orders.class);
		assertThat(traced.attributeKeys()).containsExactly("item", "quantity", null);
	}

	@Test
	void metadataIsComputedOncePerMethodAndClass() throws Exception {
		TracedMethodResolver resolver = new TracedMethodResolver();
		Method method = Orders.class.getMethod("place", String.class, int.class, long.class);
		assertThat(resolver.resolve(method, Orders.class)).isSameAs(resolver.resolve(method, Orders.class));
		assertThat(resolver.resolve(Orders.class.getMethod("untraced"), Orders.class)).isNull();
	}

	static class Orders {

		@Traced
		public void place(@TraceAttribute String item, @TraceAttribute("quantity") int quantity, long notAnAttribute) {
		}

		public void untraced() {
		}

	}

}
