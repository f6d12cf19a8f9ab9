package dev.jobqueue.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Replaces the application's {@link dev.jobqueue.JobQueueOperations} with a
 * {@link CapturedJobs} bean in a Spring test: what the code under test enqueues is
 * recorded instead of written to Redis. Works in slices such as {@code @WebMvcTest}
 * (which do not auto-configure jobqueue) and in {@code @SpringBootTest} (where the
 * auto-configured template then backs off). The capture is cleared before each test
 * method.
 *
 * <pre class="code">
 * &#64;WebMvcTest(SignupController.class)
 * &#64;CaptureJobs
 * class SignupControllerTests {
 *     &#64;Autowired CapturedJobs jobs;
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(CapturedJobsConfiguration.class)
public @interface CaptureJobs {

}
