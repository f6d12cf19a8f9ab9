package dev.jobqueue.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Talks to the running demo over real HTTP, with form-encoded POST bodies as the
 * reference's page and scripts send them.
 */
final class DemoHttp {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	DemoHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Points the demo under test at the shared test Redis and at a queue of its own.
	 * @param registry the test's dynamic properties
	 * @param queue the demo's queue
	 * @return the shared Redis
	 */
	static RedisTestServer useSharedRedis(DynamicPropertyRegistry registry, String queue) {
		RedisTestServer server = RedisTestServers.shared();
		registry.add("spring.data.redis.host", server::host);
		registry.add("spring.data.redis.port", server::port);
		registry.add("sample.queue", () -> queue);
		return server;
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	/**
	 * POSTs a form.
	 * @param path the route
	 * @param fields alternating names and values
	 * @return the response
	 */
	Response post(String path, String... fields) {
		List<String> pairs = new ArrayList<>();
		for (int i = 0; i + 1 < fields.length; i += 2) {
			pairs.add(encode(fields[i]) + "=" + encode(fields[i + 1]));
		}
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
	}

	Response send(String method, String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.method(method, HttpRequest.BodyPublishers.noBody()));
	}

	JsonNode stats() {
		return get("/stats").json();
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	record Response(int status, String contentType, String body) {

		JsonNode json() {
			return json.readTree(this.body);
		}

		List<String> fieldNames() {
			return new ArrayList<>(json().propertyNames());
		}

	}

}
