package dev.jobqueue.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.jobqueue.JobQueueClients;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A drain by the realistic application in a fresh JVM: the harness enqueues the jobs,
 * starts {@code java -jar} on its own jar with {@code --child=drain}, and the child
 * starts the application (not timed), drains when told, and prints its figures. The
 * child's CPU is read from {@code /proc}, as BullMQ's Node process's is, after its
 * context started.
 */
final class ColdJvm {

	private ColdJvm() {
	}

	static Subject.Run prepare(Phase phase, int port, String queue, boolean minuteCounters, List<String> jvmCommand)
			throws IOException {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		try {
			JobQueueClients clients = JobQueueClients.builder(new StringRedisTemplate(factory)).build();
			JobqueueSubject.enqueueAll(clients.template(), queue, phase.jobs());
			clients.destroy();
		}
		finally {
			factory.destroy();
		}
		List<String> command = new ArrayList<>(jvmCommand);
		command.addAll(List.of("-jar", System.getProperty("java.class.path"), "--child=drain", "--port=" + port,
				"--queue=" + queue, "--jobs=" + phase.jobs(), "--concurrency=" + phase.concurrency(),
				"--minute-counters=" + minuteCounters));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine();
		while (line != null && !line.contains("\"ready\":true")) {
			line = out.readLine();
		}
		if (line == null) {
			process.destroyForcibly();
			throw new IOException("the cold JVM did not get ready for " + phase.label());
		}
		return new ChildProcessRun(process, out, phase.label());
	}

	/**
	 * The child's side: starts the realistic application, drains the enqueued jobs when a
	 * line arrives on stdin, prints the figures and waits for a second line.
	 */
	static void child(Map<String, String> options) throws Exception {
		Phase phase = new Phase(Phase.Kind.DRAIN, Integer.parseInt(options.get("jobs")),
				Integer.parseInt(options.get("concurrency")), 0, Phase.App.COLD);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try (SpringWorkers workers = new SpringWorkers(phase, Integer.parseInt(options.get("port")),
				options.get("queue"), Boolean.parseBoolean(options.get("minute-counters")), true, false)) {
			System.out.println("{\"ready\":true}");
			System.out.flush();
			in.readLine();
			Subject.Timing timing = workers.run();
			System.out.println(
					String.format(Locale.ROOT, "{\"seconds\":%.6f,\"count\":%d}", timing.seconds(), timing.jobs()));
			System.out.flush();
			in.readLine();
		}
	}

}
