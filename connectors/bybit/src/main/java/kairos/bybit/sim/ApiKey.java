package kairos.bybit.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An API key the simulator accepts, with the permissions {@code /v5/user/query-api} reports for it, so Kairos' start
 * checks (refuse a key that can withdraw or transfer, or is read-only) can be tested. Trading endpoints need
 * {@code ContractTrade: Order}, position settings {@code ContractTrade: Position}, and neither works on a read-only key
 * (10005). The secret never leaves the simulator: {@link #toString} hides it.
 */
public record ApiKey(String key, String secret, boolean readOnly, Map<String, List<String>> permissions, List<String> ips) {

    public ApiKey {
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("an API key needs a key and a secret");
        }
        permissions = copy(permissions);
        ips = List.copyOf(ips);
    }

    /** A key that trades linear contracts and manages positions and nothing else: no withdrawal, no transfer. */
    public static ApiKey trading(String key, String secret) {
        return new ApiKey(key, secret, false, base(List.of()), List.of("*"));
    }

    /** A trading key that can also move funds between accounts ({@code Wallet: AccountTransfer}), refused too. */
    public static ApiKey transferring(String key, String secret) {
        return new ApiKey(key, secret, false, base(List.of("AccountTransfer", "SubMemberTransfer")), List.of("*"));
    }

    /** A read-only key (queries work, trading answers 10005). */
    public static ApiKey readOnlyKey(String key, String secret) {
        return new ApiKey(key, secret, true, base(List.of("AccountTransfer", "SubMemberTransfer")), List.of("*"));
    }

    /** A trading key that can also withdraw ({@code Wallet: Withdraw}), which Kairos must refuse to run with. */
    public static ApiKey withdrawing(String key, String secret) {
        return new ApiKey(key, secret, false, base(List.of("AccountTransfer", "SubMemberTransfer", "Withdraw")), List.of("*"));
    }

    public boolean can(String group, String permission) {
        return permissions.getOrDefault(group, List.of()).contains(permission);
    }

    private static Map<String, List<String>> base(List<String> wallet) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("ContractTrade", List.of("Order", "Position"));
        p.put("Spot", List.of());
        p.put("Wallet", wallet);
        p.put("Options", List.of());
        p.put("Derivatives", List.of("DerivativesTrade"));
        p.put("CopyTrading", List.of());
        p.put("BlockTrade", List.of());
        p.put("Exchange", List.of());
        p.put("NFT", List.of());
        p.put("Affiliate", List.of());
        p.put("Earn", List.of());
        return p;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "ApiKey[" + key + ", readOnly=" + readOnly + ", permissions=" + permissions + "]";
    }
}
