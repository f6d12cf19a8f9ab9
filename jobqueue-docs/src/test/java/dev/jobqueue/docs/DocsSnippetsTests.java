package dev.jobqueue.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.jobqueue.docs.MarkdownSnippets.Block;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails when a code block of README.md, docs/ or a module's README differs from the
 * source it includes, when a Java or YAML block includes no source, when the dependency
 * block names another version than the build's, or when a docs page or relative link
 * leads nowhere, or when the README's test command is not the one CI runs.
 *
 * <p>
 * {@code -Djobqueue.docs.update=true} rewrites the including blocks from their sources
 * first (then review the diff and commit it).
 */
class DocsSnippetsTests {

	/** Blocks in these languages must come from a source the build compiles or loads. */
	private static final Set<String> COMPILED_LANGUAGES = Set.of("java", "yaml", "yml");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern DEPENDENCY_VERSION = Pattern
		.compile("<groupId>dev\\.jobqueue</groupId>\\s*<artifactId>[^<]+</artifactId>\\s*<version>([^<]+)</version>");

	private final MarkdownSnippets snippets = new MarkdownSnippets(
			Path.of(System.getProperty("jobqueue.docs.root", "..")));

	@Test
	void everyIncludingBlockMatchesItsSource() {
		boolean update = Boolean.getBoolean("jobqueue.docs.update");
		List<String> drifted = new ArrayList<>();
		for (Path markdown : this.snippets.markdownFiles()) {
			if (update) {
				this.snippets.update(markdown);
			}
			for (Block block : this.snippets.blocks(markdown)) {
				if (block.source() != null && !block.lines().equals(this.snippets.expected(block))) {
					drifted.add(block.where() + " differs from " + block.source()
							+ ((block.tag() != null) ? "#" + block.tag() : "") + ":\n  expected:\n"
							+ String.join("\n", this.snippets.expected(block)) + "\n  found:\n"
							+ String.join("\n", block.lines()));
				}
			}
		}
		assertThat(drifted)
			.as("Markdown blocks that drifted from their sources (run the build with -Djobqueue.docs.update=true "
					+ "to copy the sources into the Markdown)")
			.isEmpty();
	}

	@Test
	void everyJavaAndYamlBlockIncludesASource() {
		List<String> free = new ArrayList<>();
		for (Path markdown : this.snippets.markdownFiles()) {
			for (Block block : this.snippets.blocks(markdown)) {
				if (COMPILED_LANGUAGES.contains(block.language()) && block.source() == null) {
					free.add(block.where() + " (" + block.language() + ")");
				}
			}
		}
		assertThat(free)
			.as("Java and YAML blocks without an <!-- include: ... --> line above them (see CONTRIBUTING.md)")
			.isEmpty();
	}

	@Test
	void dependencyBlocksNameTheBuildsVersion() throws IOException {
		String version = System.getProperty("jobqueue.docs.version");
		assertThat(version).as("jobqueue.docs.version, set by the build").isNotBlank();
		int found = 0;
		for (Path markdown : this.snippets.markdownFiles()) {
			Matcher matcher = DEPENDENCY_VERSION.matcher(Files.readString(markdown));
			while (matcher.find()) {
				found++;
				assertThat(matcher.group(1)).as("version of a dev.jobqueue dependency in " + markdown)
					.isEqualTo(version);
			}
		}
		assertThat(found).as("dev.jobqueue dependency blocks").isPositive();
	}

	@Test
	void readmeTestCommandIsTheOneCiRuns() throws IOException {
		List<String> ciCommands = Files.readAllLines(this.snippets.root().resolve(".ci/run"))
			.stream()
			.map(String::strip)
			.filter((line) -> line.startsWith("./mvnw"))
			.toList();
		assertThat(ciCommands).as("Maven commands in .ci/run").hasSize(1);
		Path readme = this.snippets.root().resolve("README.md");
		List<String> readmeCommands = this.snippets.blocks(readme)
			.stream()
			.filter((block) -> block.language().equals("bash"))
			.flatMap((block) -> block.lines().stream())
			.map(String::strip)
			.filter((line) -> line.startsWith("./mvnw") && line.contains("verify"))
			.toList();
		assertThat(readmeCommands).as("the README's test command, word for word what CI runs")
			.containsExactlyElementsOf(ciCommands);
	}

	@Test
	void everyDocsPageIsLinkedFromTheIndex() throws IOException {
		Path docs = this.snippets.root().resolve("docs");
		String index = Files.readString(docs.resolve("README.md"));
		List<String> unlinked = new ArrayList<>();
		for (Path page : this.snippets.markdownFiles()) {
			if (page.startsWith(docs) && !page.getFileName().toString().equals("README.md")
					&& !index.contains("(" + docs.relativize(page).toString().replace('\\', '/'))) {
				unlinked.add(this.snippets.root().relativize(page).toString());
			}
		}
		assertThat(unlinked).as("docs pages missing from docs/README.md").isEmpty();
	}

	@Test
	void everyRelativeLinkLeadsToAFile() throws IOException {
		List<String> broken = new ArrayList<>();
		for (Path markdown : this.snippets.markdownFiles()) {
			Matcher matcher = LINK.matcher(Files.readString(markdown));
			while (matcher.find()) {
				String target = matcher.group(1);
				if (target.contains("://") || target.startsWith("#") || target.startsWith("mailto:")) {
					continue;
				}
				String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
				if (!Files.exists(markdown.getParent().resolve(file))) {
					broken.add(this.snippets.root().relativize(markdown) + " -> " + target);
				}
			}
		}
		assertThat(broken).as("relative links to files that do not exist").isEmpty();
	}

}
