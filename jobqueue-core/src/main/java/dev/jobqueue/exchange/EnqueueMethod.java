package dev.jobqueue.exchange;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueOperations;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * One {@link JobExchange} method of an interface, checked when its proxy is made: where
 * its job goes and how its arguments become the payload and the options.
 *
 * @param where the method, for messages
 * @param queue the queue
 * @param kind the kind, or null
 * @param kindField the payload field of the kind
 * @param payloadNames the payload parameters' names when there are several, else null
 * @param payloadIndexes the positions of the payload parameters
 * @param optionsIndex the position of the {@code JobOptions} parameter, or -1
 * @param returnsId whether the method returns the job id
 */
record EnqueueMethod(String where, String queue, @Nullable String kind, String kindField,
		String @Nullable [] payloadNames, int[] payloadIndexes, int optionsIndex, boolean returnsId) {

	static EnqueueMethod of(Method method, @Nullable JobExchange defaults, String kindField) {
		String where = method.getDeclaringClass().getName() + "." + method.getName();
		JobExchange annotation = AnnotatedElementUtils.findMergedAnnotation(method, JobExchange.class);
		String queue = pick((annotation != null) ? annotation.queue() : "", (defaults != null) ? defaults.queue() : "");
		if (queue == null) {
			throw new IllegalStateException(where + " needs a queue: @JobExchange(queue = ...) on it or its interface");
		}
		String kind = pick((annotation != null) ? annotation.kind() : "", (defaults != null) ? defaults.kind() : "");
		Class<?> returnType = method.getReturnType();
		if (returnType != void.class && returnType != String.class) {
			throw new IllegalStateException(
					where + " must return void or String (the job id), not " + returnType.getTypeName());
		}
		Parameter[] parameters = method.getParameters();
		int optionsIndex = -1;
		int[] payloadIndexes = new int[parameters.length];
		int payloads = 0;
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].getType() == JobOptions.class) {
				if (optionsIndex >= 0) {
					throw new IllegalStateException(where + " declares more than one JobOptions parameter");
				}
				optionsIndex = i;
			}
			else {
				payloadIndexes[payloads++] = i;
			}
		}
		int[] indexes = Arrays.copyOf(payloadIndexes, payloads);
		String[] names = null;
		if (payloads > 1) {
			names = new String[payloads];
			for (int i = 0; i < payloads; i++) {
				Parameter parameter = parameters[indexes[i]];
				if (!parameter.isNamePresent()) {
					throw new IllegalStateException(where + " has several payload parameters, whose names become the "
							+ "payload's fields, but was compiled without -parameters");
				}
				names[i] = parameter.getName();
			}
		}
		return new EnqueueMethod(where, queue, kind, kindField, names, indexes, optionsIndex,
				returnType == String.class);
	}

	private static @Nullable String pick(String own, String inherited) {
		return StringUtils.hasText(own) ? own : (StringUtils.hasText(inherited) ? inherited : null);
	}

	@Nullable Object invoke(JobQueueOperations jobs, JobPayloadConverter converter, @Nullable Object[] args) {
		Object payload = payload(args);
		if (this.kind != null) {
			payload = withKind(converter, payload);
		}
		JobOptions options = (this.optionsIndex >= 0 && args[this.optionsIndex] != null)
				? (JobOptions) args[this.optionsIndex] : JobOptions.none();
		String id = jobs.enqueue(this.queue, payload, options);
		return this.returnsId ? id : null;
	}

	private @Nullable Object payload(@Nullable Object[] args) {
		if (this.payloadNames == null) {
			return (this.payloadIndexes.length == 0) ? null : args[this.payloadIndexes[0]];
		}
		Map<String, @Nullable Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < this.payloadNames.length; i++) {
			fields.put(this.payloadNames[i], args[this.payloadIndexes[i]]);
		}
		return fields;
	}

	private ObjectNode withKind(JobPayloadConverter converter, @Nullable Object payload) {
		JsonNode tree = converter.readTree(converter.write(payload));
		ObjectNode object = JsonNodeFactory.instance.objectNode();
		object.put(this.kindField, this.kind);
		if (tree.isObject()) {
			JsonNode existing = tree.get(this.kindField);
			if (existing != null && !existing.isNull() && !this.kind.equals(existing.asString())) {
				throw new IllegalArgumentException(this.where + " sends kind '" + this.kind + "', but its payload's "
						+ this.kindField + " field is '" + existing.asString() + "'");
			}
			tree.properties().forEach((field) -> {
				if (!field.getKey().equals(this.kindField)) {
					object.set(field.getKey(), field.getValue());
				}
			});
		}
		else if (!tree.isNull()) {
			throw new IllegalArgumentException(this.where + " sends kind '" + this.kind
					+ "', so its payload must be a JSON object, not " + tree.getNodeType());
		}
		return object;
	}

}
