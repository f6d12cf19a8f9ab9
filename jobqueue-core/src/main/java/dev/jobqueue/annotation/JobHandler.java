package dev.jobqueue.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a bean method that runs the jobs of a queue. The method may declare one payload
 * parameter of any type the application's JSON mapper can read (a record, a POJO, a
 * {@code Map}, a {@code JsonNode}, or {@code String} for the raw JSON) and a
 * {@link dev.jobqueue.worker.JobContext}. Its return value is stored as the job's result;
 * an exception fails the job, which is retried until the queue's max attempts.
 * <p>
 * Every attribute but {@link #interruptOnCancel()} is a String, so {@code ${...}}
 * placeholders and {@code #{...}} expressions work. Found by
 * {@link JobHandlerBeanPostProcessor}, switched on by {@link EnableJobHandlers} or the
 * Spring Boot auto-configuration.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobHandler {

	/**
	 * Alias for {@link #queue()}.
	 * @return the queue name
	 */
	@AliasFor("queue")
	String value() default "";

	/**
	 * The queue to take jobs from, the {@code Q} in {@code queue:Q:pending}; required.
	 * @return the queue name
	 */
	@AliasFor("value")
	String queue() default "";

	/**
	 * The value of the payload's kind field ({@code kind} by default) this method
	 * accepts, so that several handlers share a queue. Empty: every job of the queue no
	 * other handler's kind matches.
	 * @return the kind, or empty
	 */
	String kind() default "";

	/**
	 * How many jobs of the queue run at once, overriding the queue's configured
	 * concurrency. Handlers of one queue share a container, so they must agree.
	 * @return a positive number, or empty for the configured value
	 */
	String concurrency() default "";

	/**
	 * Whether the queue's container starts with the application context.
	 * @return {@code true} or {@code false}, or empty for the configured value
	 */
	String autoStartup() default "";

	/**
	 * A unique id of this handler, for logs and errors.
	 * @return the id, or empty for the method's qualified name
	 */
	String id() default "";

	/**
	 * Whether the worker thread running this handler is interrupted when its job is
	 * cancelled while it runs, so blocking calls ({@code Thread.sleep}, I/O that honours
	 * interrupts) end at once. Off by default: a handler that is not written for
	 * interrupts checks {@link dev.jobqueue.worker.JobContext#isCancelled()} instead.
	 * Either way, the cancelled job's outcome is never recorded.
	 * @return whether to interrupt
	 */
	boolean interruptOnCancel() default false;

}
