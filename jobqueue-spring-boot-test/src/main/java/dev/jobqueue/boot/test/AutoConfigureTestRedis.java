package dev.jobqueue.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Gives a Spring Boot test a real, empty Redis of its own and points the application's
 * Redis connection at it. When a Docker engine answers, it is a Testcontainers
 * {@code redis:7.4-alpine} container registered with {@code @ServiceConnection}; without
 * Docker, a {@code redis-server} process started from the PATH, else from the binary
 * shipped in the {@code embedded-redis} jar (Redis 6.2). The server lives as long as the
 * application context. Property {@code jobqueue.test.redis} forces one:
 * {@code testcontainers} or {@code local}; {@code jobqueue.test.redis-image} changes the
 * image.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureTestRedis
 * class SignupApplicationTests {
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(TestRedisConfiguration.class)
public @interface AutoConfigureTestRedis {

}
