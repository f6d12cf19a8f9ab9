package dev.jobqueue.aot;

import java.util.List;
import java.util.Map;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.aot.AotServices;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link JobHandlerBeanFactoryInitializationAotProcessor}: the AOT processing of
 * an application context with handlers, as the Spring Boot build plugins run it, and the
 * hints it leaves.
 */
class JobHandlerBeanFactoryInitializationAotProcessorTests {

	@Test
	void aotProcessingRegistersTheHandlersAndTheirPayloadAndResultTypes() throws NoSuchMethodException {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBeanDefinition("invoices", new RootBeanDefinition(InvoiceHandlers.class));
		RuntimeHints hints = processAheadOfTime(context);

		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(InvoiceHandlers.class.getMethod("render", InvoiceRequest.class, JobContext.class)))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(InvoiceHandlers.class.getMethod("archive", List.class))).accepts(hints);
		// the payload record, bound by Jackson: constructor and accessors
		assertThat(RuntimeHintsPredicates.reflection().onType(InvoiceRequest.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(InvoiceRequest.class, "customer"))
			.accepts(hints);
		// a nested type of the payload, and the element type of a generic payload
		assertThat(RuntimeHintsPredicates.reflection().onType(Line.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(ArchivedInvoice.class)).accepts(hints);
		// the result, written by Jackson
		assertThat(RuntimeHintsPredicates.reflection().onType(RenderedInvoice.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RenderedInvoice.class, "pages"))
			.accepts(hints);
		// the context is passed by the worker, not bound
		assertThat(RuntimeHintsPredicates.reflection().onType(JobContext.class)).rejects(hints);
		// the other bean's types are left alone
		assertThat(RuntimeHintsPredicates.reflection().onType(NotAPayload.class)).rejects(hints);
	}

	@Test
	void contextWithoutHandlersGetsNoContribution() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(PlainBean.class));
		assertThat(new JobHandlerBeanFactoryInitializationAotProcessor().processAheadOfTime(beanFactory)).isNull();
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(BeanFactoryInitializationAotProcessor.class))
			.hasAtLeastOneElementOfType(JobHandlerBeanFactoryInitializationAotProcessor.class);
	}

	private static RuntimeHints processAheadOfTime(GenericApplicationContext context) {
		// what spring-core-test's TestGenerationContext is: generated files kept in
		// memory
		InMemoryGeneratedFiles generatedFiles = new InMemoryGeneratedFiles();
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "InvoiceApplication")), generatedFiles);
		new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
		generationContext.writeGeneratedContent();
		// the bean factory initialization code was generated: the processing ran through
		assertThat(generatedFiles.getGeneratedFiles(Kind.SOURCE)).isNotEmpty();
		return generationContext.getRuntimeHints();
	}

	public static class InvoiceHandlers {

		@JobHandler(queue = "invoices")
		public RenderedInvoice render(InvoiceRequest request, JobContext context) {
			return new RenderedInvoice(request.customer(), request.lines().size());
		}

		@JobHandler(queue = "archive")
		public void archive(List<ArchivedInvoice> invoices) {
		}

		public NotAPayload notAHandler(Map<String, String> values) {
			return new NotAPayload(values.size());
		}

	}

	public static class PlainBean {

	}

	public record InvoiceRequest(String customer, List<Line> lines) {
	}

	public record Line(String item, int quantity) {
	}

	public record RenderedInvoice(String customer, int pages) {
	}

	public record ArchivedInvoice(String number) {
	}

	public record NotAPayload(int size) {
	}

}
