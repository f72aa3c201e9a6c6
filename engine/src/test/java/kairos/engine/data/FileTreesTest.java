package kairos.engine.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void deletesAFolderAndEverythingUnderItButNothingBeside() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("out/a/b"));
        Files.writeString(dir.resolve("f.txt"), "x");
        Files.writeString(tmp.resolve("out/g.txt"), "y");
        Files.writeString(tmp.resolve("beside.txt"), "z");
        FileTrees.deleteTree(tmp.resolve("out"));
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(tmp.resolve("beside.txt")).hasContent("z");
    }

    @Test
    void aFolderThatIsNotThereIsNothingToDo() {
        assertThatNoException().isThrownBy(() -> FileTrees.deleteTree(tmp.resolve("absent")));
        assertThatNoException().isThrownBy(() -> FileTrees.deleteTree(null));
    }
}
