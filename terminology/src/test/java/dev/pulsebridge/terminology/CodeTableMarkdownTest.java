package dev.pulsebridge.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CodeTableMarkdownTest {

    private static final Path DOC = Path.of("..", "docs", "code-table.md");

    @Test
    void documentedCodeTableMatchesTheCode() throws IOException {
        String rendered = CodeTableMarkdown.render();
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/code-table.md (regenerate with -Dgolden.update=true)").exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).isEqualTo(rendered);
    }
}
