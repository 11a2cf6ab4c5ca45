package dev.forge.trace.aop;

import java.util.List;
import java.util.Optional;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.autoconfigure.TraceAopAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.annotation.Id;
import org.springframework.data.map.repository.config.EnableMapRepositories;
import org.springframework.data.repository.CrudRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Traced} on a Spring Data repository interface: the repository bean is a JDK
 * proxy made by Spring Data, and tracing is added to it rather than refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracedRepositoryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceAopAutoConfiguration.class))
		.withUserConfiguration(Repositories.class);

	@Test
	void tracedRepositoryMethodsAreTracedIncludingDerivedQueries(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			OwnerRepository owners = context.getBean(OwnerRepository.class);
			assertThat(AopUtils.isJdkDynamicProxy(owners)).isTrue();
			owners.save(new Owner("1", "Franklin"));
			owners.save(new Owner("2", "Davis"));
			TraceService trace = context.getBean(TraceService.class);
			trace.flush();
			assertThat(owners.findById("1")).map(Owner::lastName).contains("Franklin");
			assertThat(owners.findByLastName("Davis")).extracting(Owner::id).containsExactly("2");
			assertThat(owners.count()).isEqualTo(2);
			List<SpanRecord> spans = trace.flush();
			assertThat(spans).extracting(SpanRecord::name)
				.containsExactly("OwnerRepository.findById", "owners.byLastName");
			assertThat(spans.get(1).attributes().get("lastName").asString()).isEqualTo("Davis");
		});
		assertThat(output).doesNotContain("cannot be proxied").doesNotContain("non-final");
	}

	@Test
	void defaultNamesAreTheRepositoryInterfaceAndATypeLevelTracedCoversInheritedMethods() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			VetRepository vets = context.getBean(VetRepository.class);
			PetRepository pets = context.getBean(PetRepository.class);
			TraceService trace = context.getBean(TraceService.class);
			trace.flush();
			vets.save(new Vet("1", "Carter"));
			assertThat(vets.findAll()).hasSize(1);
			assertThat(vets.findBySpecialty("radiology")).isEmpty();
			pets.save(new Pet("7", "Leo"));
			assertThat(pets.findByName("Leo")).hasSize(1);
			assertThat(trace.flush()).extracting(SpanRecord::name)
				.containsExactly("VetRepository.save", "VetRepository.findAll", "VetRepository.findBySpecialty",
						"PetRepository.findByName");
		});
	}

	@Test
	void aJdkProxyOfAnotherLibraryIsNamedAfterItsInterface() {
		this.contextRunner.withBean(Greeter.class, () -> (Greeter) java.lang.reflect.Proxy.newProxyInstance(
				Greeter.class.getClassLoader(), new Class<?>[] { Greeter.class }, (proxy, method, args) -> "hello"))
			.run((context) -> {
				TraceService trace = context.getBean(TraceService.class);
				trace.flush();
				assertThat(context.getBean(Greeter.class).greet()).isEqualTo("hello");
				assertThat(trace.flush()).extracting(SpanRecord::name).containsExactly("Greeter.greet");
			});
	}

	interface Greeter {

		@Traced
		String greet();

	}

	record Owner(@Id String id, String lastName) {
	}

	record Vet(@Id String id, String specialty) {
	}

	record Pet(@Id String id, String name) {
	}

	/** Type-level: every method called through it, those inherited from CrudRepository too. */
	@Traced
	interface VetRepository extends CrudRepository<Vet, String> {

		List<Vet> findBySpecialty(String specialty);

	}

	/** Shares its target class with the other repositories, and has a name of its own. */
	interface PetRepository extends CrudRepository<Pet, String> {

		@Traced
		List<Pet> findByName(String name);

	}

	interface OwnerRepository extends CrudRepository<Owner, String> {

		@Override
		@Traced("OwnerRepository.findById")
		Optional<Owner> findById(String id);

		@Traced("owners.byLastName")
		List<Owner> findByLastName(@TraceAttribute("lastName") String lastName);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableMapRepositories(basePackageClasses = TracedRepositoryTests.class, considerNestedRepositories = true,
			includeFilters = @org.springframework.context.annotation.ComponentScan.Filter(
					type = org.springframework.context.annotation.FilterType.ASSIGNABLE_TYPE,
					classes = { OwnerRepository.class, VetRepository.class, PetRepository.class }))
	static class Repositories {

	}

}
