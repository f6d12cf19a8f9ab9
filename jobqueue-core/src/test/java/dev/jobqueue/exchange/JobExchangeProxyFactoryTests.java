package dev.jobqueue.exchange;

import java.time.Duration;
import java.util.List;

import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of {@link JobExchangeProxyFactory}: proxies that enqueue on a real Redis.
 */
class JobExchangeProxyFactoryTests {

	// annotation values are constants: one queue name for this class, purged around
	// each test
	private static final String QUEUE = "jobqueue-exchange-tests";

	private LettuceConnectionFactory connectionFactory;

	private JobQueueClients clients;

	private JobQueueOperations jobs;

	private JobExchangeProxyFactory factory;

	@BeforeEach
	void setUp() {
		this.connectionFactory = RedisTestServers.shared().newConnectionFactory();
		this.clients = JobQueueClients.builder(this.connectionFactory).build();
		this.jobs = this.clients.template();
		this.factory = JobExchangeProxyFactory.create(this.jobs, new JacksonJobPayloadConverter());
		this.clients.admin().purge(QUEUE);
	}

	@AfterEach
	void tearDown() {
		this.clients.admin().purge(QUEUE);
		this.clients.destroy();
		this.connectionFactory.destroy();
	}

	@Test
	void oneArgumentIsThePayloadAndTheIdIsReturned() {
		Mailer mailer = this.factory.createClient(Mailer.class);
		String id = mailer.send(new Email("ada@example.com", "Hello"));
		assertThat(payload(id)).isEqualTo("{\"kind\":\"email\",\"to\":\"ada@example.com\",\"subject\":\"Hello\"}");
	}

	@Test
	void methodAttributesOverrideTheInterfaceAndSeveralArgumentsBecomeFields() {
		Mailer mailer = this.factory.createClient(Mailer.class);
		String id = mailer.remind("ada@example.com", 3);
		assertThat(payload(id)).isEqualTo("{\"kind\":\"reminder\",\"to\":\"ada@example.com\",\"days\":3}");
	}

	@Test
	void noArgumentAndNoKindIsANullPayloadAndVoidReturnsNothing() {
		Maintenance maintenance = this.factory.createClient(Maintenance.class);
		maintenance.flush();
		List<String> pending = this.clients.admin().listJobIds(QUEUE, JobState.PENDING, 10);
		assertThat(pending).hasSize(1);
		assertThat(payload(pending.get(0))).isEqualTo("null");
	}

	@Test
	void jobOptionsParameterGivesTheOptions() {
		Mailer mailer = this.factory.createClient(Mailer.class);
		String id = mailer.sendLater(new Email("bob@example.com", "Later"), JobOptions.delay(Duration.ofHours(1)));
		JobRecord job = this.jobs.getJob(QUEUE, id).orElseThrow();
		assertThat(job.status()).isEqualTo("delayed");
		assertThat(job.payload()).isEqualTo("{\"kind\":\"email\",\"to\":\"bob@example.com\",\"subject\":\"Later\"}");
	}

	@Test
	void payloadThatIsNotAnObjectCannotCarryAKind() {
		Mailer mailer = this.factory.createClient(Mailer.class);
		assertThatIllegalArgumentException().isThrownBy(() -> mailer.sendRaw("just text"))
			.withMessageContaining("its payload must be a JSON object, not STRING");
	}

	@Test
	void defaultMethodsAndObjectMethodsWork() {
		Mailer mailer = this.factory.createClient(Mailer.class);
		String id = mailer.sendHello("eve@example.com");
		assertThat(payload(id)).contains("\"subject\":\"Hello\"");
		assertThat(mailer.toString()).isEqualTo("JobExchange proxy of " + Mailer.class.getName());
		assertThat(mailer).isEqualTo(mailer).isNotEqualTo(this.factory.createClient(Mailer.class));
	}

	@Test
	void invalidInterfacesFailWhenTheProxyIsMade() {
		assertThatIllegalStateException().isThrownBy(() -> this.factory.createClient(NoQueue.class))
			.withMessageContaining("NoQueue.send needs a queue");
		assertThatIllegalStateException().isThrownBy(() -> this.factory.createClient(WrongReturn.class))
			.withMessageContaining("must return void or String (the job id), not int");
		assertThatIllegalArgumentException().isThrownBy(() -> this.factory.createClient(Email.class))
			.withMessageContaining("is not an interface");
	}

	private String payload(String id) {
		return this.jobs.getJob(QUEUE, id).orElseThrow().payload();
	}

	record Email(String to, String subject) {
	}

	@JobExchange(queue = QUEUE, kind = "email")
	interface Mailer {

		@JobExchange
		String send(Email email);

		@JobExchange(kind = "reminder")
		String remind(String to, int days);

		String sendLater(Email email, JobOptions options);

		String sendRaw(String text);

		default String sendHello(String to) {
			return send(new Email(to, "Hello"));
		}

	}

	interface Maintenance {

		@JobExchange(queue = QUEUE)
		void flush();

	}

	interface NoQueue {

		String send(Email email);

	}

	@JobExchange(queue = "q")
	interface WrongReturn {

		int send(Email email);

	}

}
