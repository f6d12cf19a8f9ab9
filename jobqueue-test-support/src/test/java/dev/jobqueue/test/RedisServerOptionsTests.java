package dev.jobqueue.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServerOptionsTests {

	@Test
	void theDefaultsAreNoAofNoevictionAndNoExtraArguments() {
		assertThat(RedisServerOptions.defaults()).isEqualTo(new RedisServerOptions(false, "noeviction", List.of()));
	}

	@Test
	void withersChangeOneComponentEach() {
		RedisServerOptions options = RedisServerOptions.defaults()
			.withAppendOnly(true)
			.withMaxmemoryPolicy("allkeys-lru")
			.withArgs("--maxmemory", "10mb");

		assertThat(options).isEqualTo(new RedisServerOptions(true, "allkeys-lru", List.of("--maxmemory", "10mb")));
		assertThat(options.withArgs().extraArgs()).isEmpty();
	}

	@Test
	void extraArgumentsAreCopiedAndImmutable() {
		List<String> args = new ArrayList<>(List.of("--a", "1"));
		RedisServerOptions options = new RedisServerOptions(false, "noeviction", args);
		args.add("--b");

		assertThat(options.extraArgs()).containsExactly("--a", "1");
	}

}
