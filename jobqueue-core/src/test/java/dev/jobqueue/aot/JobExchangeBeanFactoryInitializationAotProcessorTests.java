package dev.jobqueue.aot;

import java.util.List;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.exchange.JobExchange;
import dev.jobqueue.exchange.JobExchangeProxyFactory;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link JobExchangeBeanFactoryInitializationAotProcessor}: the AOT processing
 * of a context whose {@code @Bean} method makes a {@link JobExchange} proxy, as the
 * Spring Boot build plugins run it, and the hints it leaves.
 */
class JobExchangeBeanFactoryInitializationAotProcessorTests {

	@Test
	void aotProcessingRegistersTheProxyItsMethodsAndThePayloadTypes() throws NoSuchMethodException {
		GenericApplicationContext context = new GenericApplicationContext();
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBeanDefinition("producers", new RootBeanDefinition(ProducerConfiguration.class));
		RuntimeHints hints = processAheadOfTime(context);

		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Shipments.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Shipments.class.getMethod("ship", Parcel.class, JobOptions.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Shipments.class.getMethod("shipAll", List.class))).accepts(hints);
		// payloads, written by Jackson: the record, a nested record, a list's elements
		assertThat(RuntimeHintsPredicates.reflection().onType(Parcel.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Parcel.class, "weightGrams")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Address.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Return.class)).accepts(hints);
		// options are not payload, and an interface without JobExchange is no exchange
		assertThat(RuntimeHintsPredicates.reflection().onType(JobOptions.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(NotAnExchange.class)).rejects(hints);
	}

	@Test
	void interfaceIsAnExchangeByItsTypeOrOneMethod() {
		assertThat(JobExchangeBeanFactoryInitializationAotProcessor.isExchange(Shipments.class)).isTrue();
		assertThat(JobExchangeBeanFactoryInitializationAotProcessor.isExchange(Returns.class)).isTrue();
		assertThat(JobExchangeBeanFactoryInitializationAotProcessor.isExchange(NotAnExchange.class)).isFalse();
		assertThat(JobExchangeBeanFactoryInitializationAotProcessor.isExchange(ProducerConfiguration.class)).isFalse();
	}

	@Test
	void contextWithoutExchangesGetsNoContribution() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(ProducerConfiguration.class));
		assertThat(new JobExchangeBeanFactoryInitializationAotProcessor().processAheadOfTime(beanFactory)).isNull();
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(BeanFactoryInitializationAotProcessor.class))
			.hasAtLeastOneElementOfType(JobExchangeBeanFactoryInitializationAotProcessor.class);
	}

	private static RuntimeHints processAheadOfTime(GenericApplicationContext context) {
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "ShippingApplication")),
				new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
		generationContext.writeGeneratedContent();
		return generationContext.getRuntimeHints();
	}

	@Configuration(proxyBeanMethods = false)
	public static class ProducerConfiguration {

		@Bean
		public Shipments shipments(JobQueueOperations jobs, JobPayloadConverter converter) {
			return JobExchangeProxyFactory.create(jobs, converter).createClient(Shipments.class);
		}

		@Bean
		public Returns returns(JobQueueOperations jobs, JobPayloadConverter converter) {
			return JobExchangeProxyFactory.create(jobs, converter).createClient(Returns.class);
		}

		@Bean
		public NotAnExchange notAnExchange() {
			return () -> "";
		}

	}

	@JobExchange(queue = "shipping")
	public interface Shipments {

		String ship(Parcel parcel, JobOptions options);

		void shipAll(List<Parcel> parcels);

	}

	public interface Returns {

		@JobExchange(queue = "returns")
		void accept(Return item);

	}

	public interface NotAnExchange {

		String name();

	}

	public record Parcel(int weightGrams, Address to) {
	}

	public record Address(String line) {
	}

	public record Return(String reason) {
	}

}
