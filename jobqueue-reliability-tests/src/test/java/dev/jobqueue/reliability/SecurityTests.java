package dev.jobqueue.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.FailOutcome;
import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobQueueException;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobState;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * Scenario 8, the parts below the starter: a Redis ACL user that may touch only one
 * queue's keys and channel, TLS with a {@code rediss://} URL, both through the standard
 * {@code spring.data.redis.*} and {@code spring.ssl.*} properties; and payloads that name
 * a class.
 */
class SecurityTests {

	static final String ACL_USER = "worker";

	static final String ACL_PASSWORD = "worker-secret";

	static final String[] ACL_ARGS = { "--requirepass", "admin-secret", "--user", ACL_USER, "on", ">" + ACL_PASSWORD,
			"~queue:mail:*", "&queue:mail:*", "+@all", "-@dangerous" };

	static RedisServerProcess aclRedis;

	@BeforeAll
	static void startAclRedis() {
		aclRedis = RedisNodes.server("acl", ACL_ARGS);
	}

	@AfterAll
	static void stopAclRedis() {
		if (aclRedis != null) {
			aclRedis.close();
		}
	}

	@Test
	void anAclUserLimitedToOneQueuesKeysAndChannelRunsEveryOperationOnThatQueue() {
		try (BootRedisContext context = BootRedisContext.start("spring.data.redis.port=" + aclRedis.port(),
				"spring.data.redis.username=" + ACL_USER, "spring.data.redis.password=" + ACL_PASSWORD)) {
			exerciseEveryOperation(context.redisTemplate(), "mail");
		}
	}

	@Test
	void theSameUserIsRefusedAnyOtherQueueWithNoperm() {
		try (BootRedisContext context = BootRedisContext.start("spring.data.redis.port=" + aclRedis.port(),
				"spring.data.redis.username=" + ACL_USER, "spring.data.redis.password=" + ACL_PASSWORD)) {
			JobQueueClients jobs = JobQueueClients.builder(context.redisTemplate()).build();
			try {
				assertThatExceptionOfType(JobQueueException.class)
					.isThrownBy(() -> jobs.template().enqueue("billing", 1))
					.withMessageContaining("NOPERM");
				assertThatExceptionOfType(JobQueueException.class)
					.isThrownBy(() -> jobs.workerProtocol().claim("billing", Duration.ofMillis(200)))
					.withMessageContaining("NOPERM");
			}
			finally {
				jobs.destroy();
			}
		}
	}

	@Test
	void aWrongPasswordIsRefused() {
		try (BootRedisContext context = BootRedisContext.start("spring.data.redis.port=" + aclRedis.port(),
				"spring.data.redis.username=" + ACL_USER, "spring.data.redis.password=wrong")) {
			JobQueueClients jobs = JobQueueClients.builder(context.redisTemplate()).build();
			try {
				assertThatRuntimeException().isThrownBy(() -> jobs.template().enqueue("mail", 1));
			}
			finally {
				jobs.destroy();
			}
		}
	}

	@Test
	void jobsRunOverTlsWithARedissUrlCarryingTheAclUser() throws Exception {
		Path dir = RedisNodes.newDirectory("tls");
		Path certificate = selfSignedCertificate(dir);
		int port = RedisServerLauncher.freePort();
		// no plain-text port: the TLS port is the server's only one
		try (RedisServerProcess tls = RedisNodes.launcher("tls")
			.directory(dir)
			.port(port)
			.arguments("--port", "0", "--tls-port", String.valueOf(port), "--tls-cert-file", certificate.toString(),
					"--tls-key-file", dir.resolve("key.pem").toString(), "--tls-ca-cert-file", certificate.toString(),
					"--tls-auth-clients", "no")
			.arguments(ACL_ARGS)
			.start();
				BootRedisContext context = BootRedisContext.start(
						"spring.data.redis.url=rediss://" + ACL_USER + ":" + ACL_PASSWORD + "@127.0.0.1:" + port,
						"spring.data.redis.ssl.bundle=redis",
						"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificate)) {
			exerciseEveryOperation(context.redisTemplate(), "mail");
			assertThatRuntimeException().as("a plain-text connection to the TLS port")
				.isThrownBy(() -> RedisNodes.info(tls, "server"));
			System.out.println("RELIABILITY: TLS: every queue operation ran over rediss:// as an ACL user limited to "
					+ "queue:mail:* (no plain port open; a plain-text client is refused)");
		}
	}

	@Test
	void aPayloadNamingAClassNeverInstantiatesIt() {
		Tripwire.created.set(0);
		JacksonJobPayloadConverter converter = new JacksonJobPayloadConverter();
		String hostile = "{\"@class\":\"" + Tripwire.class.getName() + "\",\"name\":\"x\"}";
		String polymorphic = "[\"" + Tripwire.class.getName() + "\",{\"name\":\"x\"}]";

		Object asObject = converter.read(hostile, Object.class);
		Object asList = converter.read(polymorphic, Object.class);
		Notification asRecord = converter.read(hostile, Notification.class);

		assertThat(asObject).isInstanceOf(Map.class);
		assertThat(asList).isInstanceOf(List.class);
		assertThat(asRecord).isEqualTo(new Notification("x"));
		assertThat(Tripwire.created).hasValue(0);
	}

	@Test
	void aHandlerGetsItsDeclaredTypeWhateverClassThePayloadNames() {
		Tripwire.created.set(0);
		TypedHandlers.received.clear();
		String queue = "typed-" + System.nanoTime();
		try (StarterApp app = StarterApp.start(List.of(TypedHandlers.class),
				"spring.data.redis.url=" + dev.jobqueue.test.RedisTestServers.shared().uri(), "typed.queue=" + queue)) {
			// what a hostile producer writes: a payload naming a class, as Jackson's
			// default typing would read it
			app.operations().enqueue(queue, Map.of("kind", "note", "@class", Tripwire.class.getName(), "name", "x"));
			app.operations().enqueue(queue, Map.of("kind", "any", "@class", Tripwire.class.getName(), "name", "y"));
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> TypedHandlers.received.size() == 2);

			assertThat(TypedHandlers.received)
				.anySatisfy((payload) -> assertThat(payload).isEqualTo(new Notification("x")))
				.anySatisfy((payload) -> assertThat(payload).isInstanceOf(Map.class));
			assertThat(Tripwire.created).hasValue(0);
			app.admin().purge(queue);
		}
	}

	private void exerciseEveryOperation(StringRedisTemplate redis, String queue) {
		JobQueueClients jobs = JobQueueClients.builder(redis).build();
		try {
			jobs.admin().purge(queue);
			List<String> ids = jobs.template().enqueueAll(queue, List.of(1, 2, 3));
			assertThat(jobs.template().enqueueIfAbsent(queue, "order-1", 4)).isTrue();
			ClaimedJob first = jobs.workerProtocol().claim(queue, Duration.ofSeconds(1)).orElseThrow();
			assertThat(jobs.workerProtocol().extendLeases(List.of(first))).isEmpty();
			assertThat(jobs.workerProtocol().complete(first, "done")).isTrue();
			assertThat(jobs.workerProtocol().fail(jobs.workerProtocol().claimAvailable(queue, 1).get(0), "boom"))
				.isEqualTo(FailOutcome.RETRIED);
			assertThat(jobs.admin().reclaimStuck(queue).reclaimed()).isEmpty();
			assertThat(jobs.admin().stats(queue).pendingDepth()).isEqualTo(3);
			assertThat(jobs.template().getJob(queue, ids.get(0))).get()
				.extracting((job) -> job.status())
				.isEqualTo("completed");
			assertThat(jobs.admin().listJobIds(queue, JobState.PENDING, 10)).hasSize(3);
			assertThat(jobs.admin().purge(queue)).isGreaterThanOrEqualTo(5);
		}
		finally {
			jobs.destroy();
		}
	}

	/**
	 * Writes a self-signed certificate for 127.0.0.1 and its key as PEM files, made with
	 * the JDK's keytool so that no other tool is needed.
	 */
	private static Path selfSignedCertificate(Path dir) throws Exception {
		Path keystore = dir.resolve("redis.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "redis", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
				"-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(output).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "changeit".toCharArray());
		}
		Certificate certificate = store.getCertificate("redis");
		Files.writeString(dir.resolve("key.pem"),
				pem("PRIVATE KEY", store.getKey("redis", "changeit".toCharArray()).getEncoded()));
		Path certificateFile = dir.resolve("cert.pem");
		Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
		return certificateFile;
	}

	private static String pem(String type, byte[] der) throws IOException {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	/**
	 * A class that counts its instances; a payload names it to see whether reading
	 * instantiates it.
	 */
	public static final class Tripwire {

		static final AtomicInteger created = new AtomicInteger();

		private String name;

		/** Counts the instance. */
		public Tripwire() {
			created.incrementAndGet();
		}

		/**
		 * @return the name
		 */
		public String getName() {
			return this.name;
		}

		/**
		 * @param name the name
		 */
		public void setName(String name) {
			this.name = name;
		}

	}

	/**
	 * Handlers declaring a record and {@code Object} as their payload types.
	 */
	static class TypedHandlers {

		static final List<Object> received = new java.util.concurrent.CopyOnWriteArrayList<>();

		@JobHandler(queue = "${typed.queue}", kind = "note")
		void note(Notification payload) {
			received.add(payload);
		}

		@JobHandler(queue = "${typed.queue}", kind = "any")
		void any(Object payload) {
			received.add(payload);
		}

	}

	/**
	 * The payload type a handler declares.
	 *
	 * @param name a field
	 */
	@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
	record Notification(String name) {

	}

}
