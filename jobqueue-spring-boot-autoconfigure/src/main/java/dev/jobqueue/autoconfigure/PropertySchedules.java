package dev.jobqueue.autoconfigure;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.jobqueue.autoconfigure.JobQueueProperties.Schedule;
import dev.jobqueue.scheduling.JobSchedule;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns {@code jobqueue.schedules.<name>.*} into {@link JobSchedule}s. The validator and
 * the scheduler share it, so a schedule that starts is one the validator accepted, and
 * each invalid value is reported under its own property.
 */
final class PropertySchedules {

	private static final JsonMapper json = JsonMapper.builder().build();

	private PropertySchedules() {
	}

	/**
	 * Returns the enabled schedules.
	 * @param properties the bound properties, already validated
	 * @return the schedules, in the order they were configured
	 */
	static List<JobSchedule> schedules(JobQueueProperties properties) {
		List<JobSchedule> schedules = new ArrayList<>();
		for (Map.Entry<String, Schedule> entry : properties.getSchedules().entrySet()) {
			if (entry.getValue().isEnabled()) {
				schedules.add(toSchedule(entry.getKey(), entry.getValue(), properties.getWorker().getKindField()));
			}
		}
		return schedules;
	}

	/**
	 * Converts one schedule.
	 * @param name the schedule name (the map key)
	 * @param schedule its properties
	 * @param kindField the payload field that names a job's kind
	 * @return the schedule
	 * @throws InvalidScheduleException naming the first invalid property, relative to the
	 * schedule
	 */
	static JobSchedule toSchedule(String name, Schedule schedule, String kindField) {
		if (name.isBlank() || name.contains(":")) {
			throw new InvalidScheduleException("", "schedule names must not be blank nor contain ':'");
		}
		String queue = schedule.getQueue();
		if (queue == null || queue.isBlank()) {
			throw new InvalidScheduleException("queue", "must be set");
		}
		String cron = schedule.getCron();
		boolean hasCron = cron != null && !cron.isBlank();
		if (hasCron == (schedule.getRate() != null)) {
			throw new InvalidScheduleException(hasCron ? "rate" : "cron", "set exactly one of cron and rate");
		}
		String payload = payload(schedule.getPayload(), schedule.getKind(), kindField);
		if (hasCron) {
			ZoneId zone;
			try {
				zone = ZoneId.of(schedule.getZone().trim());
			}
			catch (DateTimeException ex) {
				throw new InvalidScheduleException("zone", "is not a time zone: " + ex.getMessage());
			}
			try {
				return JobSchedule.cron(name, queue, cron.trim(), zone, payload)
					.withMissedTicks(schedule.getMissedTicks());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidScheduleException("cron", ex.getMessage());
			}
		}
		if (schedule.getRate().toMillis() < 1) {
			throw new InvalidScheduleException("rate", "must be at least 1ms");
		}
		return JobSchedule.fixedRate(name, queue, schedule.getRate(), payload)
			.withMissedTicks(schedule.getMissedTicks());
	}

	private static String payload(@Nullable String payload, @Nullable String kind, String kindField) {
		boolean hasKind = kind != null && !kind.isBlank();
		if (payload == null || payload.isBlank()) {
			if (!hasKind) {
				return "{}";
			}
			ObjectNode node = json.createObjectNode();
			node.put(kindField, kind);
			return json.writeValueAsString(node);
		}
		JsonNode tree;
		try {
			tree = json.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new InvalidScheduleException("payload", "is not valid JSON: " + ex.getOriginalMessage());
		}
		if (!hasKind) {
			return json.writeValueAsString(tree);
		}
		if (!(tree instanceof ObjectNode object)) {
			throw new InvalidScheduleException("payload", "must be a JSON object when kind is set");
		}
		JsonNode existing = object.get(kindField);
		if (existing != null && !(existing.isString() && existing.asString().equals(kind))) {
			throw new InvalidScheduleException("kind",
					"differs from the payload's '" + kindField + "' field " + existing);
		}
		object.put(kindField, kind);
		return json.writeValueAsString(object);
	}

	/**
	 * A schedule property that cannot be used, named relative to its schedule.
	 */
	static final class InvalidScheduleException extends RuntimeException {

		private final String property;

		InvalidScheduleException(String property, String reason) {
			super(reason);
			this.property = property;
		}

		String getProperty() {
			return this.property;
		}

	}

}
