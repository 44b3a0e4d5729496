package io.freelock.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HandWrittenTest {

    private static final String SECTION = "<!-- hand-written: begin replication -->\n## Replicated\n\n| a | b |\n"
            + "<!-- hand-written: end replication -->\n";

    @Test
    void aRegeneratedPageKeepsTheHandWrittenSectionsAfterWhatIsGenerated() {
        String previous = "# Benchmarks\n\nold figures\n\n" + SECTION + "\nold tail\n";
        assertEquals("# Benchmarks\n\nnew figures\n\n" + SECTION,
                HandWritten.keep(previous, "# Benchmarks\n\nnew figures\n"));
    }

    @Test
    void withoutHandWrittenSectionsThePageIsWhatIsGenerated() {
        assertEquals("# Benchmarks\n", HandWritten.keep("", "# Benchmarks\n"));
        assertEquals("# Benchmarks\n", HandWritten.keep("# Benchmarks\n\nold\n", "# Benchmarks\n"));
    }

    @Test
    void aSectionWhoseEndNamesAnotherIsNotKept() {
        String broken = "<!-- hand-written: begin a -->\ntext\n<!-- hand-written: end b -->\n";
        assertEquals("# B\n", HandWritten.keep(broken, "# B\n"));
    }
}
