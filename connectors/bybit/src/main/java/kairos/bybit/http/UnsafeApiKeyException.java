package kairos.bybit.http;

import java.util.List;

/** The API key may not be used for live trading: it can withdraw or transfer, or cannot trade contracts. */
public final class UnsafeApiKeyException extends RuntimeException {
    private final List<String> problems;

    public UnsafeApiKeyException(List<String> problems) {
        super("the Bybit API key is not fit for live trading: " + String.join("; ", problems)
                + ". Create a key with Contract Trade (Orders, Positions) permission only, without Wallet, Earn or"
                + " payment permissions, and set it in BYBIT_API_KEY / BYBIT_API_SECRET");
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
