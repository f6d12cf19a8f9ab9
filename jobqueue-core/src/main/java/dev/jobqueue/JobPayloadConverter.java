package dev.jobqueue;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

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
	 * Parses a text that must be one well-formed JSON value into a tree, the one parse a
	 * claimed job's payload gets: workers route on the tree and convert it into a
	 * handler's parameter type with {@link #read(JsonNode, Type)}.
	 * @param json the text
	 * @return the tree; {@code null} JSON gives a null node, never Java null
	 * @throws JobPayloadException starting with "Malformed payload JSON" if the text is
	 * not one JSON value
	 */
	JsonNode readTree(String json);

	/**
	 * Converts a parsed payload into the given type.
	 * @param <T> the target type
	 * @param tree the payload tree
	 * @param type the target type, which may be generic
	 * @return the value, null only for a null node
	 * @throws JobPayloadException if the tree does not fit the type
	 */
	<T> @Nullable T read(JsonNode tree, Type type);

}
