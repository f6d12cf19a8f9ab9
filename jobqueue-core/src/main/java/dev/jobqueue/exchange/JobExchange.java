package dev.jobqueue.exchange;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a method of an interface enqueues a job, for a proxy made by
 * {@link JobExchangeProxyFactory}; on the interface, the defaults of its methods. A
 * method's attributes override the interface's.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobExchange {

	/**
	 * The queue the job goes to; required on the method or the interface.
	 * @return the queue name, or empty to use the interface's
	 */
	String queue() default "";

	/**
	 * The value written to the payload's kind field, so that the job reaches the
	 * {@code @JobHandler} of that kind; the payload must then be a JSON object.
	 * @return the kind, or empty for none (or the interface's)
	 */
	String kind() default "";

}
