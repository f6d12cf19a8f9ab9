package dev.jobqueue.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Reads the fenced code blocks of the project's Markdown files and the source regions
 * they include.
 *
 * <p>
 * A block includes a source when the line right above its opening fence is
 * {@code <!-- include: path/from/repo/root[#tag] -->}. Without a tag the whole file is
 * included; with one, the lines between {@code tag::name[]} and {@code end::name[]} (in a
 * comment of the source's language). Lines holding any tag marker are left out, leading
 * tabs become four spaces, and the common indentation is removed.
 */
final class MarkdownSnippets {

	private static final Pattern INCLUDE = Pattern.compile("^<!-- include: (\\S+?)(?:#(\\S+))? -->$");

	private static final Pattern FENCE = Pattern.compile("^(```+)(\\S*)\\s*$");

	private static final Pattern TAG_MARKER = Pattern.compile("(tag|end)::[A-Za-z0-9_.-]+\\[]");

	private final Path root;

	MarkdownSnippets(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	Path root() {
		return this.root;
	}

	/**
	 * The Markdown files a user reads: those at the root, under {@code docs/}, and each
	 * module's README.
	 */
	List<Path> markdownFiles() {
		List<Path> files = new ArrayList<>();
		try (Stream<Path> top = Files.list(this.root)) {
			top.forEach((path) -> {
				String name = path.getFileName().toString();
				if (Files.isRegularFile(path) && name.endsWith(".md")) {
					files.add(path);
				}
				else if (name.startsWith("jobqueue-") && Files.isRegularFile(path.resolve("README.md"))) {
					files.add(path.resolve("README.md"));
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path docs = this.root.resolve("docs");
		if (Files.isDirectory(docs)) {
			try (Stream<Path> all = Files.walk(docs)) {
				all.filter((path) -> path.toString().endsWith(".md")).forEach(files::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		files.sort(null);
		return files;
	}

	/** Every fenced code block of a Markdown file, in order. */
	List<Block> blocks(Path markdown) {
		List<String> lines = read(markdown);
		List<Block> blocks = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher fence = FENCE.matcher(lines.get(i));
			if (!fence.matches()) {
				continue;
			}
			int end = i + 1;
			while (end < lines.size() && !lines.get(end).equals(fence.group(1))) {
				end++;
			}
			Matcher include = (i > 0) ? INCLUDE.matcher(lines.get(i - 1)) : null;
			boolean included = include != null && include.matches();
			blocks.add(new Block(this.root.relativize(markdown.toAbsolutePath().normalize()), i + 1, end + 1,
					fence.group(2), lines.subList(i + 1, Math.min(end, lines.size())),
					included ? include.group(1) : null, included ? include.group(2) : null));
			i = end;
		}
		return blocks;
	}

	/** The lines a block must hold: its source region, normalised. */
	List<String> expected(Block block) {
		String source = block.source();
		if (source == null) {
			throw new IllegalArgumentException("Block at " + block.where() + " includes no source");
		}
		Path file = this.root.resolve(source);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException(block.where() + " includes " + source + ", which does not exist");
		}
		List<String> lines = read(file);
		String tag = block.tag();
		if (tag != null) {
			int start = indexOf(lines, "tag::" + tag + "[]", 0);
			int end = (start >= 0) ? indexOf(lines, "end::" + tag + "[]", start) : -1;
			if (start < 0 || end < 0) {
				throw new IllegalStateException(block.where() + " includes " + source + "#" + tag
						+ ", which has no tag::" + tag + "[] ... end::" + tag + "[] region");
			}
			lines = lines.subList(start + 1, end);
		}
		return normalise(lines);
	}

	/** Rewrites every including block of a Markdown file with its source region. */
	boolean update(Path markdown) {
		List<String> lines = new ArrayList<>(read(markdown));
		List<Block> blocks = blocks(markdown);
		boolean changed = false;
		for (int i = blocks.size() - 1; i >= 0; i--) {
			Block block = blocks.get(i);
			if (block.source() != null && !block.lines().equals(expected(block))) {
				List<String> region = lines.subList(block.firstLine(), block.lastLine() - 1);
				region.clear();
				region.addAll(expected(block));
				changed = true;
			}
		}
		if (changed) {
			write(markdown, lines);
		}
		return changed;
	}

	private static int indexOf(List<String> lines, String marker, int from) {
		for (int i = from; i < lines.size(); i++) {
			if (lines.get(i).contains(marker)) {
				return i;
			}
		}
		return -1;
	}

	private static List<String> normalise(List<String> lines) {
		List<String> kept = new ArrayList<>();
		for (String line : lines) {
			if (!TAG_MARKER.matcher(line).find()) {
				kept.add(expandLeadingTabs(line).stripTrailing());
			}
		}
		while (!kept.isEmpty() && kept.get(0).isEmpty()) {
			kept.remove(0);
		}
		while (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
			kept.remove(kept.size() - 1);
		}
		int indent = kept.stream()
			.filter((line) -> !line.isEmpty())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		return kept.stream().map((line) -> line.isEmpty() ? line : line.substring(indent)).toList();
	}

	private static String expandLeadingTabs(String line) {
		int tabs = 0;
		while (tabs < line.length() && line.charAt(tabs) == '\t') {
			tabs++;
		}
		return "    ".repeat(tabs) + line.substring(tabs);
	}

	private static List<String> read(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, List<String> lines) {
		try {
			Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One fenced code block.
	 *
	 * @param file the Markdown file, relative to the repository root
	 * @param firstLine the 1-based line of the opening fence
	 * @param lastLine the 1-based line of the closing fence
	 * @param language the info string after the fence, empty if none
	 * @param lines the lines between the fences
	 * @param source the included file, relative to the repository root, or null
	 * @param tag the included region's tag, or null for the whole file
	 */
	record Block(Path file, int firstLine, int lastLine, String language, List<String> lines, @Nullable String source,
			@Nullable String tag) {

		String where() {
			return this.file + ":" + this.firstLine;
		}

	}

}
