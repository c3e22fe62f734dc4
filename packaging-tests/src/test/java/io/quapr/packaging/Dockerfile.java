package io.quapr.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile's instructions, parsed enough to lint them: comments and blank lines dropped,
 * continuation lines joined, each instruction split into its keyword and the rest.
 *
 * @param instructions the instructions in order
 */
public record Dockerfile(List<Instruction> instructions) {

    /**
     * One instruction.
     *
     * @param keyword upper-case, e.g. {@code COPY}
     * @param arguments the rest of the line, as written
     */
    public record Instruction(String keyword, String arguments) {

        /** The arguments split on blanks, options ({@code --chown=185}) left out. */
        public List<String> words() {
            List<String> words = new ArrayList<>();
            for (String word : arguments.trim().split("\\s+")) {
                if (!word.startsWith("--")) {
                    words.add(word);
                }
            }
            return words;
        }

        /** Whether an option such as {@code --from} is given. */
        public boolean hasOption(String option) {
            return arguments.contains(option + "=") || arguments.contains(option + " ");
        }
    }

    /** Parses a Dockerfile. */
    public static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().trim();
            current.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT),
                    text.substring(space + 1).trim()));
        }
        return new Dockerfile(List.copyOf(instructions));
    }

    /** The instructions of a keyword, in order. */
    public List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The index of the last instruction of a keyword, -1 when there is none. */
    public int lastIndexOf(String keyword) {
        for (int i = instructions.size() - 1; i >= 0; i--) {
            if (instructions.get(i).keyword().equals(keyword)) {
                return i;
            }
        }
        return -1;
    }
}
