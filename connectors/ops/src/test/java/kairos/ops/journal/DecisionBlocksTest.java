package kairos.ops.journal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionBlocksTest {
    /** What a fresh {@link Deflater} at the default level makes of {@code raw}: the reference the reused one must match. */
    private static byte[] freshDeflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[512];
            while (!d.finished()) {
                out.write(buffer, 0, d.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    @Test
    void theThreadsDeflaterReusedGivesTheBytesOfAFreshOneAndRoundTrips() throws IOException {
        Random random = new Random(20261203);
        for (int i = 0; i < 300; i++) {
            int size = i % 10 == 0 ? random.nextInt(300_000) : random.nextInt(4_000);
            byte[] raw = new byte[size];
            if (i % 3 == 0) {
                random.nextBytes(raw);   // incompressible: the output is longer than the input
            } else {
                String text = "{\"id\":\"SOLUSDT-" + random.nextInt(97) + "\"}";
                for (int k = 0; k < size; k++) {
                    raw[k] = (byte) text.charAt(k % text.length());
                }
            }
            byte[] deflated = DecisionBlocks.deflate(raw);
            assertThat(deflated).as("block %d of %d bytes", i, size).isEqualTo(freshDeflate(raw));
            assertThat(DecisionBlocks.inflate(deflated)).isEqualTo(raw);
        }
    }

    @Test
    void aBlockCutShortIsAnErrorAndTheNextDeflateIsWhole() throws IOException {
        byte[] raw = "1\n{\"id\":\"a\"}\n".repeat(200).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] deflated = DecisionBlocks.deflate(raw);
        assertThatThrownBy(() -> DecisionBlocks.inflate(java.util.Arrays.copyOf(deflated, deflated.length / 2)))
                .isInstanceOf(IOException.class).hasMessageContaining("cut short");
        assertThat(DecisionBlocks.inflate(DecisionBlocks.deflate(raw))).isEqualTo(raw);
        assertThat(DecisionBlocks.deflate(new byte[0])).isEqualTo(freshDeflate(new byte[0]));
    }
}
