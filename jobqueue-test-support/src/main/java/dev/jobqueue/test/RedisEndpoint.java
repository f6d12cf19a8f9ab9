package dev.jobqueue.test;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Where a Redis server listens and how to log in to it; builds URIs, Lettuce clients and
 * connection factories.
 */
record RedisEndpoint(String host, int port, @Nullable String username, @Nullable String password, int database,
		boolean ssl) {

	static RedisEndpoint local(int port, @Nullable String password) {
		return new RedisEndpoint("127.0.0.1", port, null, password, 0, false);
	}

	/**
	 * Parses {@code redis://[user:pass@]host:port[/db]} (or {@code rediss://} for TLS).
	 */
	static RedisEndpoint parse(String text) {
		URI uri;
		try {
			uri = URI.create(text.trim());
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Not a Redis URL: " + text, e);
		}
		String scheme = uri.getScheme();
		if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
			throw new IllegalArgumentException("Not a redis:// or rediss:// URL: " + text);
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("No host in Redis URL: " + text);
		}
		String username = null;
		String password = null;
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null && !userInfo.isEmpty()) {
			int colon = userInfo.indexOf(':');
			if (colon < 0) {
				password = decode(userInfo);
			}
			else {
				username = colon == 0 ? null : decode(userInfo.substring(0, colon));
				password = decode(userInfo.substring(colon + 1));
			}
		}
		int database = 0;
		String path = uri.getPath();
		if (path != null && path.length() > 1) {
			try {
				database = Integer.parseInt(path.substring(1));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("The path of a Redis URL must be a database number: " + text, e);
			}
		}
		return new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), username, password, database,
				"rediss".equalsIgnoreCase(scheme));
	}

	String uri() {
		StringBuilder uri = new StringBuilder(ssl ? "rediss://" : "redis://");
		if (password != null) {
			if (username != null) {
				uri.append(encode(username));
			}
			uri.append(':').append(encode(password)).append('@');
		}
		uri.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port);
		if (database != 0) {
			uri.append('/').append(database);
		}
		return uri.toString();
	}

	RedisURI redisUri() {
		RedisURI.Builder builder = RedisURI.builder().withHost(host).withPort(port).withDatabase(database).withSsl(ssl);
		if (password != null) {
			if (username != null) {
				builder.withAuthentication(username, password);
			}
			else {
				builder.withPassword(password);
			}
		}
		return builder.build();
	}

	LettuceConnectionFactory newConnectionFactory() {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(host, port);
		configuration.setDatabase(database);
		if (username != null) {
			configuration.setUsername(username);
		}
		if (password != null) {
			configuration.setPassword(RedisPassword.of(password));
		}
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
		if (ssl) {
			client.useSsl();
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client.build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@Override
	public String toString() {
		return password == null ? uri() : uri().replace(":" + encode(password) + "@", ":***@");
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}
}
