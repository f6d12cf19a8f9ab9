package dev.jobqueue.autoconfigure;

import java.util.Map;

import dev.jobqueue.annotation.JobHandler;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.env.MapPropertySource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the AOT processing of an application on the auto-configuration, as Spring
 * Boot's build plugins run it for a native image: the hints of jobqueue-core's
 * {@code aot.factories} are applied.
 */
class JobQueueAotProcessingTests {

	@Test
	void aotProcessingOfAnApplicationWithHandlersRegistersScriptsAndPayloadTypes() throws NoSuchMethodException {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.data.redis.url", TestRedis.server().uri())));
		context.register(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class, ShippingConfiguration.class);
		InMemoryGeneratedFiles generatedFiles = new InMemoryGeneratedFiles();
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "ShippingApplication")), generatedFiles);
		new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
		generationContext.writeGeneratedContent();
		RuntimeHints hints = generationContext.getRuntimeHints();

		assertThat(generatedFiles.getGeneratedFiles(Kind.SOURCE)).isNotEmpty();
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/jobqueue/lua/claim_jobs.lua")).accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/jobqueue/lua/includes/flow.lua")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(ShippingHandlers.class.getMethod("ship", Parcel.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Parcel.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Label.class, "trackingNumber"))
			.accepts(hints);
	}

	@Configuration(proxyBeanMethods = false)
	static class ShippingConfiguration {

		@Bean
		ShippingHandlers shippingHandlers() {
			return new ShippingHandlers();
		}

	}

	public static class ShippingHandlers {

		@JobHandler(queue = "shipping")
		public Label ship(Parcel parcel) {
			return new Label("T-" + parcel.weightGrams());
		}

	}

	public record Parcel(String address, int weightGrams) {
	}

	public record Label(String trackingNumber) {
	}

}
