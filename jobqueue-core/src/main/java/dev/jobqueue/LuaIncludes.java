package dev.jobqueue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;

/**
 * Assembles a Lua flow file with the helpers it names, as BullMQ's loader resolves
 * {@code --- @include "includes/x"}. Each include line is replaced by the helper's code
 * (and, first, the code of the helpers it includes in turn, each once per script) with
 * comments stripped and its lines joined into that one line, so the assembled script has
 * the flow file's lines at the flow file's line numbers: a Redis error names the line of
 * the flow file (or, for an error inside a helper, the line of its include).
 */
final class LuaIncludes {

	private static final Pattern INCLUDE = Pattern.compile("^---\\s*@include\\s+\"([\\w/-]+)\"\\s*$");

	private final String root;

	/**
	 * Creates a loader of the files under a class path directory.
	 * @param root the directory, such as {@code dev/jobqueue/lua}
	 */
	LuaIncludes(String root) {
		this.root = root;
	}

	/**
	 * Reads a flow file and resolves its includes.
	 * @param file the file name under the root, such as {@code claim_jobs.lua}
	 * @return the script to send to Redis, with as many lines as the file
	 * @throws IllegalStateException if the file or an include is missing, or includes
	 * form a cycle
	 */
	String assemble(String file) {
		Set<String> included = new LinkedHashSet<>();
		StringBuilder script = new StringBuilder();
		for (String line : read(file).split("\n", -1)) {
			Matcher include = INCLUDE.matcher(line.strip());
			script.append(include.matches() ? inline(include.group(1), included, new LinkedHashSet<>(), file) : line)
				.append('\n');
		}
		script.setLength(script.length() - 1);
		return script.toString();
	}

	private String inline(String name, Set<String> included, Set<String> resolving, String from) {
		if (included.contains(name)) {
			return "";
		}
		if (!resolving.add(name)) {
			throw new IllegalStateException("Lua include cycle: " + String.join(" -> ", resolving) + " -> " + name);
		}
		StringBuilder code = new StringBuilder();
		for (String line : read(name + ".lua", from).split("\n")) {
			Matcher include = INCLUDE.matcher(line.strip());
			String statement = include.matches() ? inline(include.group(1), included, resolving, name)
					: stripComment(line).strip();
			if (!statement.isEmpty()) {
				if (statement.startsWith("(")) {
					// joined onto the previous line, it would read as a call
					throw new IllegalStateException(
							"Lua include " + name + " has a line starting with '(', which cannot be joined: " + line);
				}
				code.append((code.length() > 0) ? " " : "").append(statement);
			}
		}
		resolving.remove(name);
		included.add(name);
		return code.toString();
	}

	/**
	 * Removes a {@code --} comment that is not inside a quoted string.
	 */
	static String stripComment(String line) {
		char quote = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quote != 0) {
				if (c == '\\') {
					i++;
				}
				else if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '\'' || c == '"') {
				quote = c;
			}
			else if (c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
				if (line.startsWith("[[", i + 2) || line.startsWith("[=", i + 2)) {
					throw new IllegalStateException("Long comments are not supported in Lua includes: " + line);
				}
				return line.substring(0, i);
			}
		}
		return line;
	}

	private String read(String file) {
		return read(file, null);
	}

	private String read(String file, @Nullable String from) {
		ClassPathResource resource = new ClassPathResource(this.root + "/" + file);
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Cannot read Lua script " + resource.getPath() + ((from != null) ? " included by " + from : ""),
					ex);
		}
	}

}
