package dev.jobqueue.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the demo, the counterparts of the reference demo server's command-line
 * flags.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	/**
	 * Name of the queue the page drives, as the reference's --queue-name.
	 */
	private String queue = "jobs";

	/**
	 * Number of workers started with the application, as the reference's --workers.
	 */
	private int workers = 0;

	/**
	 * Whether to start the Redis binary shipped in embedded-redis: "auto" when nothing
	 * answers at spring.data.redis.host and port, "always", or "never".
	 */
	private String embeddedRedis = "auto";

	/**
	 * Spring cron expression of the demo's heartbeat, a recurring job on the queue
	 * "heartbeat" (for example "*\/5 * * * * *"); no heartbeat when unset.
	 */
	private @Nullable String heartbeatCron;

	public String getQueue() {
		return this.queue;
	}

	public void setQueue(String queue) {
		this.queue = queue;
	}

	public int getWorkers() {
		return this.workers;
	}

	public void setWorkers(int workers) {
		this.workers = workers;
	}

	public @Nullable String getHeartbeatCron() {
		return this.heartbeatCron;
	}

	public void setHeartbeatCron(@Nullable String heartbeatCron) {
		this.heartbeatCron = heartbeatCron;
	}

	public String getEmbeddedRedis() {
		return this.embeddedRedis;
	}

	public void setEmbeddedRedis(String embeddedRedis) {
		this.embeddedRedis = embeddedRedis;
	}

}
