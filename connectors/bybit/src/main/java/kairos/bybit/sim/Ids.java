package kairos.bybit.sim;

import java.util.SplittableRandom;

/** Seeded identifiers (order, execution, trade, connection and message ids) shaped like Bybit's UUIDs. */
final class Ids {
    private final SplittableRandom random;

    Ids(long seed) {
        this.random = new SplittableRandom(seed);
    }

    synchronized String uuid() {
        long hi = random.nextLong();
        long lo = random.nextLong();
        return new java.util.UUID((hi & ~0xF000L) | 0x4000L, (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    /** A connection id like Bybit's {@code cejreaspqfh3sjdnldmg-p}. */
    synchronized String connId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.append('-').append(alphabet.charAt(random.nextInt(26))).toString();
    }
}
