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

	@Test
	void oneMethodIsResolvedForEachTargetClassItIsCalledOn() throws Exception {
		TracedMethodResolver resolver = new TracedMethodResolver();
		Method work = Work.class.getMethod("work");
		assertThat(resolver.resolve(work, NightShift.class).spanName()).isEqualTo("NightShift.work");
		assertThat(resolver.resolve(work, DayShift.class).spanName()).isEqualTo("DayShift.work");
		assertThat(resolver.resolve(work, UntracedShift.class)).isNull();
		assertThat(resolver.resolve(work, NightShift.class).spanName()).isEqualTo("NightShift.work");
		assertThat(resolver.resolve(work, DayShift.class)).isSameAs(resolver.resolve(work, DayShift.class));
		assertThat(resolver.resolve(work, UntracedShift.class)).isNull();
	}

	@Test
	void aTypeLevelTracedSkipsFrameworkCallbacksButAMethodLevelOneTracesThem() throws Exception {
		TracedMethodResolver resolver = new TracedMethodResolver();
		assertThat(resolver.resolve(OwnerController.class.getMethod("showOwners"), OwnerController.class))
			.extracting(TracedMethod::spanName)
			.isEqualTo("OwnerController.showOwners");
		assertThat(resolver.resolve(OwnerController.class.getMethod("setAllowedFields",
				org.springframework.web.bind.WebDataBinder.class), OwnerController.class)).isNull();
		assertThat(resolver.resolve(OwnerController.class.getMethod("findOwner"), OwnerController.class)).isNull();
		assertThat(resolver.resolve(OwnerController.class.getMethod("loadPets"), OwnerController.class))
			.extracting(TracedMethod::spanName)
			.isEqualTo("owner.pets");
	}

	@Traced
	static class OwnerController {

		@org.springframework.web.bind.annotation.InitBinder
		public void setAllowedFields(org.springframework.web.bind.WebDataBinder binder) {
		}

		@org.springframework.web.bind.annotation.ModelAttribute("owner")
		public Object findOwner() {
			return null;
		}

		@org.springframework.web.bind.annotation.ModelAttribute("pets")
		@Traced("owner.pets")
		public Object loadPets() {
			return null;
		}

		public String showOwners() {
			return "owners";
		}

	}

	static class Work {

		public void work() {
		}

	}

	@Traced
	static class NightShift extends Work {

	}

	@Traced
	static class DayShift extends Work {

	}

	static class UntracedShift extends Work {

	}

	static class Orders {

		@Traced
		public void place(@TraceAttribute String item, @TraceAttribute("quantity") int quantity, long notAnAttribute) {
		}

		public void untraced() {
		}

	}

}
