package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import dev.jobqueue.transaction.AfterCommitEnqueueException;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of enqueue inside Spring-managed JDBC transactions on the machine's PostgreSQL
 * (127.0.0.1:5432, database {@code test}) and a real Redis, through the
 * auto-configuration.
 */
class TransactionAwareEnqueueIntegrationTests {

	private static final AtomicInteger tables = new AtomicInteger();

	private final String queue = TestRedis.uniqueQueue("tx");

	private final String table = "jq_tx_" + ProcessHandle.current().pid() + "_" + tables.incrementAndGet();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withUserConfiguration(JdbcConfiguration.class)
		.withPropertyValues("jobqueue.worker.enabled=false", "jobqueue.producer.max-payload-size=1KB");

	@Test
	void commitWritesTheJobsAfterTheCommitInCallOrder() {
		run((context, tx, jobs, jdbc) -> {
			List<String> ids = tx.execute((status) -> {
				insert(jdbc, "ada");
				String first = jobs.enqueue(this.queue, Map.of("user", "ada"));
				List<String> more = jobs.enqueueAll(this.queue, List.of("b", "c"));
				// nothing in Redis before the commit
				assertThat(jobs.getJob(this.queue, first)).isEmpty();
				assertThat(TestRedis.commands().exists(jobKey(first))).isZero();
				return List.of(first, more.get(0), more.get(1));
			});
			assertThat(ids).allMatch((id) -> id.matches("[0-9a-f]{16}"));
			assertThat(rows(jdbc)).containsExactly("ada");
			assertThat(jobs.getJob(this.queue, ids.get(0)).orElseThrow().payload()).isEqualTo("{\"user\":\"ada\"}");
			// pushed to the left of pending in call order: the first is the rightmost
			assertThat(pending()).containsExactly(ids.get(2), ids.get(1), ids.get(0));
		});
	}

	@Test
	void jobWrittenAfterTheCommitHasTheFieldsOfAnImmediateOne() {
		run((context, tx, jobs, jdbc) -> {
			String immediate = jobs.enqueue(this.queue, Map.of("user", "ada"));
			String deferred = tx.execute((status) -> jobs.enqueue(this.queue, Map.of("user", "ada")));
			Map<String, String> immediateFields = TestRedis.commands().hgetall(jobKey(immediate));
			Map<String, String> deferredFields = TestRedis.commands().hgetall(jobKey(deferred));
			assertThat(deferredFields.keySet()).isEqualTo(immediateFields.keySet());
			immediateFields.forEach((field, value) -> {
				if (!field.endsWith("_at") && !field.endsWith("_ms") && !field.equals("id")) {
					assertThat(deferredFields.get(field)).as(field).isEqualTo(value);
				}
			});
		});
	}

	@Test
	void rollbackEnqueuesNothing() {
		run((context, tx, jobs, jdbc) -> {
			AtomicReference<String> id = new AtomicReference<>();
			tx.executeWithoutResult((status) -> {
				insert(jdbc, "bob");
				id.set(jobs.enqueue(this.queue, "welcome bob"));
				status.setRollbackOnly();
			});
			assertThat(rows(jdbc)).isEmpty();
			assertThat(jobs.getJob(this.queue, id.get())).isEmpty();
			assertThat(pending()).isEmpty();
		});
	}

	@Test
	void exceptionInATransactionalMethodEnqueuesNothing() {
		this.contextRunner.withBean(SignupService.class).run((context) -> withTable(context, (jdbc) -> {
			SignupService signups = context.getBean(SignupService.class);
			assertThatIllegalStateException().isThrownBy(() -> signups.signUpAndFail(this.table, this.queue, "eve"))
				.withMessage("no eve");
			assertThat(rows(jdbc)).isEmpty();
			assertThat(pending()).isEmpty();
		}));
	}

	@Test
	void requiresNewWritesItsJobsAtItsOwnCommitEvenWhenTheOuterRollsBack() {
		run((context, tx, jobs, jdbc) -> {
			TransactionTemplate inner = newTemplate(context, TransactionDefinition.PROPAGATION_REQUIRES_NEW);
			AtomicReference<String> outerId = new AtomicReference<>();
			AtomicReference<String> innerId = new AtomicReference<>();
			tx.executeWithoutResult((status) -> {
				outerId.set(jobs.enqueue(this.queue, "outer"));
				innerId.set(inner.execute((innerStatus) -> jobs.enqueue(this.queue, "inner")));
				assertThat(jobs.getJob(this.queue, innerId.get())).isPresent();
				assertThat(jobs.getJob(this.queue, outerId.get())).isEmpty();
				status.setRollbackOnly();
			});
			assertThat(pending()).containsExactly(innerId.get());
		});
	}

	@Test
	void requiredJoinsTheOuterTransaction() {
		run((context, tx, jobs, jdbc) -> {
			TransactionTemplate inner = newTemplate(context, TransactionDefinition.PROPAGATION_REQUIRED);
			AtomicReference<String> innerId = new AtomicReference<>();
			tx.executeWithoutResult((status) -> {
				innerId.set(inner.execute((innerStatus) -> jobs.enqueue(this.queue, "inner")));
				assertThat(jobs.getJob(this.queue, innerId.get())).isEmpty();
			});
			assertThat(pending()).containsExactly(innerId.get());
		});
	}

	@Test
	void rollbackToASavepointDropsTheJobsEnqueuedSinceIt() {
		run((context, tx, jobs, jdbc) -> {
			TransactionTemplate nested = newTemplate(context, TransactionDefinition.PROPAGATION_NESTED);
			AtomicReference<String> kept = new AtomicReference<>();
			AtomicReference<String> nestedKept = new AtomicReference<>();
			tx.executeWithoutResult((status) -> {
				kept.set(jobs.enqueue(this.queue, "outer"));
				insert(jdbc, "outer");
				nested.executeWithoutResult((inner) -> {
					insert(jdbc, "dropped");
					jobs.enqueue(this.queue, "dropped");
					inner.setRollbackOnly();
				});
				nestedKept.set(nested.execute((inner) -> {
					insert(jdbc, "nested");
					return jobs.enqueue(this.queue, "nested");
				}));
				assertThat(jobs.getJob(this.queue, nestedKept.get())).isEmpty();
			});
			assertThat(rows(jdbc)).containsExactlyInAnyOrder("outer", "nested");
			assertThat(pending()).containsExactly(nestedKept.get(), kept.get());
		});
	}

	@Test
	void outsideATransactionEnqueueIsImmediate() {
		run((context, tx, jobs, jdbc) -> {
			String id = jobs.enqueue(this.queue, "now");
			assertThat(jobs.getJob(this.queue, id)).isPresent();
			// SUPPORTS without a transaction synchronizes but has nothing to commit
			TransactionTemplate supports = newTemplate(context, TransactionDefinition.PROPAGATION_SUPPORTS);
			String second = supports.execute((status) -> {
				String written = jobs.enqueue(this.queue, "also now");
				assertThat(jobs.getJob(this.queue, written)).isPresent();
				return written;
			});
			assertThat(pending()).containsExactly(second, id);
		});
	}

	@Test
	void callsThatNeedAnAnswerFromRedisFailInsideATransaction() {
		run((context, tx, jobs, jdbc) -> {
			tx.executeWithoutResult((status) -> {
				assertThatIllegalStateException().isThrownBy(() -> jobs.enqueueIfAbsent(this.queue, "order-1", "x"))
					.withMessageContaining("enqueueIfAbsent cannot run inside a transaction")
					.withMessageContaining("jobqueue.producer.transaction-aware=false");
				assertThatIllegalStateException()
					.isThrownBy(() -> jobs.enqueueAndWait(this.queue, "x", String.class, Duration.ofSeconds(1)))
					.withMessageContaining("enqueueAndWait cannot run inside a transaction");
			});
			assertThat(pending()).isEmpty();
			assertThat(jobs.enqueueIfAbsent(this.queue, "order-1", "x")).isTrue();
		});
	}

	@Test
	void payloadOverTheLimitFailsInsideTheTransactionAndRollsItBack() {
		run((context, tx, jobs, jdbc) -> {
			assertThatExceptionOfType(JobPayloadException.class).isThrownBy(() -> tx.executeWithoutResult((status) -> {
				insert(jdbc, "big");
				jobs.enqueue(this.queue, "small");
				jobs.enqueue(this.queue, "x".repeat(2000));
			})).withMessageContaining("exceeds the limit of 1024 bytes");
			assertThat(rows(jdbc)).isEmpty();
			assertThat(pending()).isEmpty();
		});
	}

	@Test
	void enqueueFromAnotherSynchronizationsAfterCommitIsWritten() {
		run((context, tx, jobs, jdbc) -> {
			AtomicReference<String> id = new AtomicReference<>();
			tx.executeWithoutResult((status) -> {
				insert(jdbc, "late");
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCommit() {
						id.set(jobs.enqueue(TransactionAwareEnqueueIntegrationTests.this.queue, "after commit"));
					}
				});
			});
			assertThat(id.get()).isNotNull();
			assertThat(pending()).containsExactly(id.get());
		});
	}

	@Test
	void switchedOffEnqueueInsideATransactionIsImmediateAndSurvivesRollback() {
		this.contextRunner.withPropertyValues("jobqueue.producer.transaction-aware=false", TestRedis.urlProperty())
			.run((context) -> withTable(context, (jdbc) -> {
				JobQueueOperations jobs = context.getBean(JobQueueOperations.class);
				TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
				AtomicReference<String> id = new AtomicReference<>();
				tx.executeWithoutResult((status) -> {
					insert(jdbc, "eager");
					id.set(jobs.enqueue(this.queue, "eager"));
					assertThat(jobs.getJob(this.queue, id.get())).isPresent();
					status.setRollbackOnly();
				});
				assertThat(rows(jdbc)).isEmpty();
				assertThat(pending()).containsExactly(id.get());
			}));
	}

	@Test
	void redisLostBetweenCommitAndEnqueueLosesTheJobAndTellsTheCaller() {
		try (RedisTestServer redis = RedisTestServers.startOwned(RedisServerOptions.defaults().withAppendOnly(true))) {
			this.contextRunner
				.withPropertyValues("spring.data.redis.url=" + redis.uri(), "spring.data.redis.timeout=1s")
				.run((context) -> withTable(context, (jdbc) -> {
					JobQueueOperations jobs = context.getBean(JobQueueOperations.class);
					TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
					String before = jobs.enqueue(this.queue, "written before the crash");
					AtomicReference<String> id = new AtomicReference<>();
					assertThatExceptionOfType(AfterCommitEnqueueException.class)
						.isThrownBy(() -> tx.executeWithoutResult((status) -> {
							insert(jdbc, "committed");
							id.set(jobs.enqueue(this.queue, "lost"));
							redis.kill();
						}))
						.satisfies((ex) -> assertThat(ex.getNotEnqueued()).containsExactly(this.queue + "/" + id.get()))
						.withMessageContaining("Transaction committed, but 1 of 1 jobs");
					// the database commit stands
					assertThat(rows(jdbc)).containsExactly("committed");
					redis.restart();
					RedisClient client = redis.newLettuceClient();
					try {
						var commands = client.connect().sync();
						// the append-only file kept the job written before, not the lost
						// one
						assertThat(commands.lrange("queue:" + this.queue + ":pending", 0, -1)).containsExactly(before);
						assertThat(commands.exists("queue:" + this.queue + ":job:" + id.get())).isZero();
					}
					finally {
						client.shutdown();
					}
				}));
		}
	}

	private void run(TransactionalTest test) {
		this.contextRunner.withPropertyValues(TestRedis.urlProperty()).run((context) -> withTable(context, (jdbc) -> {
			TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			test.run(context, tx, context.getBean(JobQueueOperations.class), jdbc);
		}));
	}

	private void withTable(AssertableApplicationContext context, Consumer<JdbcTemplate> test) {
		assertThat(context).hasNotFailed();
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.execute("create table " + this.table + " (name varchar(40) not null)");
		try {
			test.accept(jdbc);
		}
		finally {
			jdbc.execute("drop table if exists " + this.table);
			List<String> keys = TestRedis.commands().keys("queue:" + this.queue + ":*");
			if (!keys.isEmpty()) {
				TestRedis.commands().del(keys.toArray(String[]::new));
			}
		}
	}

	private TransactionTemplate newTemplate(AssertableApplicationContext context, int propagation) {
		TransactionTemplate template = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		template.setPropagationBehavior(propagation);
		return template;
	}

	private void insert(JdbcTemplate jdbc, String name) {
		jdbc.update("insert into " + this.table + " (name) values (?)", name);
	}

	private List<String> rows(JdbcTemplate jdbc) {
		return jdbc.queryForList("select name from " + this.table, String.class);
	}

	private List<String> pending() {
		return TestRedis.commands().lrange("queue:" + this.queue + ":pending", 0, -1);
	}

	private String jobKey(String id) {
		return "queue:" + this.queue + ":job:" + id;
	}

	@FunctionalInterface
	interface TransactionalTest {

		void run(AssertableApplicationContext context, TransactionTemplate tx, JobQueueOperations jobs,
				JdbcTemplate jdbc);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class JdbcConfiguration {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource(new Driver(), "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		JdbcTemplate jdbcTemplate(DataSource dataSource) {
			return new JdbcTemplate(dataSource);
		}

	}

	static class SignupService {

		private final JdbcTemplate jdbc;

		private final JobQueueOperations jobs;

		SignupService(JdbcTemplate jdbc, JobQueueOperations jobs) {
			this.jdbc = jdbc;
			this.jobs = jobs;
		}

		@Transactional
		public void signUpAndFail(String table, String queue, String name) {
			this.jdbc.update("insert into " + table + " (name) values (?)", name);
			this.jobs.enqueue(queue, Map.of("welcome", name));
			throw new IllegalStateException("no " + name);
		}

	}

}
