package kairos.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The output folder is swapped in whole; what a killed run leaves behind is put in order by the next run. */
class OutputFolderTest {
    @TempDir
    Path tmp;

    static final Set<String> FILES = Set.of("a.txt", "b.txt");

    /** A process id that is not running (the highest pid Linux hands out is far below). */
    static final long DEAD = 2_000_000_000L;

    @Test
    void resultsAppearOnlyAtTheCommitAndReplaceTheOldOnesWhole() throws IOException {
        Path out = tmp.resolve("out");
        try (OutputFolder f = OutputFolder.begin(out, FILES)) {
            Files.writeString(f.file("a.txt"), "old a");
            Files.writeString(f.file("b.txt"), "old b");
            assertThat(out).doesNotExist();
            f.commit();
        }
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("old a");
        try (OutputFolder f = OutputFolder.begin(out, FILES)) {
            Files.writeString(f.file("a.txt"), "new a");
            assertThat(Files.readString(out.resolve("a.txt"))).as("still the old results").isEqualTo("old a");
            f.commit();
        }
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("new a");
        assertThat(out.resolve("b.txt")).as("the folder is replaced, not merged").doesNotExist();
        try (OutputFolder f = OutputFolder.begin(out, FILES)) {
            Files.writeString(f.file("a.txt"), "abandoned");
        } // closed without commit: nothing changes, nothing is left
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("new a");
        try (var siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).containsExactly("out");
        }
        assertThatThrownBy(() -> OutputFolder.begin(out, FILES).file("c.txt")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRunKilledBetweenItsTwoRenamesIsRepairedByTheNext() throws IOException {
        Path out = tmp.resolve("out");
        // killed after moving the old results aside, before moving the new ones in
        Path old = Files.createDirectories(tmp.resolve(".out.old-" + DEAD));
        Files.writeString(old.resolve("a.txt"), "previous");
        Path fresh = Files.createDirectories(tmp.resolve(".out.new-" + DEAD));
        Files.writeString(fresh.resolve("a.txt"), "half");
        OutputFolder.recover(out);
        assertThat(Files.readString(out.resolve("a.txt"))).as("the previous results are back").isEqualTo("previous");
        assertThat(old).doesNotExist();
        assertThat(fresh).doesNotExist();
        // a folder of a run still alive (this one) that is not ours to clean
        Path live = Files.createDirectories(tmp.resolve(".out.new-" + ProcessHandle.current().parent().orElseThrow().pid()));
        OutputFolder.recover(out);
        assertThat(live).exists();
        // an old folder beside complete results is stale: removed
        Path stale = Files.createDirectories(tmp.resolve(".out.old-" + DEAD));
        OutputFolder.recover(out);
        assertThat(stale).doesNotExist();
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("previous");
    }

    @Test
    void aTargetThatIsAFileOrHoldsOtherFilesIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> OutputFolder.begin(file, FILES)).isInstanceOf(UserError.class).hasMessageContaining("is a file");
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.md"), "x");
        assertThatThrownBy(() -> OutputFolder.begin(mine, FILES)).hasMessageContaining("notes.md");
    }
}
