package dev.jobqueue;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * A {@link JobPayloadConverter} on a Jackson 3 {@link JsonMapper}. Output is compact with
 * keys in declaration or insertion order, as the reference's {@code JSON.stringify}.
 * Default typing is never used, so no class named by data in Redis is ever instantiated.
 */
public final class JacksonJobPayloadConverter implements JobPayloadConverter {

	private final JsonMapper mapper;

	/**
	 * Uses the given mapper, typically the application's.
	 * @param mapper the mapper
	 */
	public JacksonJobPayloadConverter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Uses a default mapper that ignores unknown properties, since other producers may
	 * add fields.
	 */
	public JacksonJobPayloadConverter() {
		this(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
	}

	@Override
	public String write(@Nullable Object value) {
		try {
			return this.mapper.writeValueAsString(value);
		}
		catch (JacksonException ex) {
			throw new JobPayloadException(
					"Cannot serialize " + describe(value) + " to JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T read(String json, Type type) {
		if (type == String.class) {
			readTree(json);
			return (T) json;
		}
		JavaType javaType = this.mapper.getTypeFactory().constructType(type);
		try {
			return this.mapper.readValue(json, javaType);
		}
		catch (JacksonException ex) {
			throw new JobPayloadException(
					"Cannot read JSON as " + javaType.toCanonical() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public JsonNode readTree(String json) {
		try (JsonParser parser = this.mapper.createParser(json)) {
			if (parser.nextToken() == null) {
				throw new JobPayloadException("Malformed payload JSON: empty text");
			}
			JsonNode tree = this.mapper.readTree(parser);
			if (parser.nextToken() != null) {
				throw new JobPayloadException("Malformed payload JSON: more than one value");
			}
			return (tree != null) ? tree : NullNode.getInstance();
		}
		catch (JacksonException ex) {
			throw new JobPayloadException("Malformed payload JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public <T> @Nullable T read(JsonNode tree, Type type) {
		JavaType javaType = this.mapper.getTypeFactory().constructType(type);
		try {
			return this.mapper.treeToValue(tree, javaType);
		}
		catch (JacksonException ex) {
			throw new JobPayloadException(
					"Cannot read JSON as " + javaType.toCanonical() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private static String describe(@Nullable Object value) {
		return (value != null) ? "payload of type " + value.getClass().getName() : "null";
	}

}
