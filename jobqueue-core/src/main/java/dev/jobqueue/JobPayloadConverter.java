package dev.jobqueue;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

/**
 * Converts payloads and results to and from the JSON text stored in a job hash. The
 * target type always comes from the caller (a handler's signature), never from data in
 * Redis.
 */
public interface JobPayloadConverter {

	/**
	 * Writes a value as compact JSON.
	 * @param value the value, may be null (written as {@code null})
	 * @return the JSON text
	 * @throws JobPayloadException if the value cannot be serialized
	 */
	String write(@Nullable Object value);

	/**
	 * Reads JSON into the given type. A {@code String} target receives the JSON text
	 * unchanged.
	 * @param <T> the target type
	 * @param json the JSON text
	 * @param type the target type, which may be generic
	 * @return the value, null only for JSON {@code null}
	 * @throws JobPayloadException if the text is not valid JSON or does not fit the type
	 */
	<T> @Nullable T read(String json, Type type);

	/**
	 * Checks that a text is one well-formed JSON value.
	 * @param json the text
	 * @throws JobPayloadException with the parser's message if it is not
	 */
	void validate(String json);

}
