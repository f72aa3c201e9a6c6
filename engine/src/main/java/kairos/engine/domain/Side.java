package kairos.engine.domain;

/** Order or position side, spelled as Bybit spells it. A long position is {@code Buy}, a short {@code Sell}. */
public enum Side {
    Buy(1), Sell(-1);

    private final int sign;

    Side(int sign) {
        this.sign = sign;
    }

    /** +1 for Buy (long), -1 for Sell (short). */
    public int sign() {
        return sign;
    }

    public Side opposite() {
        return this == Buy ? Sell : Buy;
    }
}
