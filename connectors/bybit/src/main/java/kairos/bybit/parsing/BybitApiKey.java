package kairos.bybit.parsing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an API key may do ({@code /v5/user/query-api}). The key itself is not kept here. {@link #problems()} lists
 * why a key is unfit for Kairos (R15.1: trading permission only, never withdrawal): it must read and write
 * ({@code readOnly} 0), trade contracts ({@code ContractTrade}: {@code Order} and {@code Position}), and hold no
 * permission that moves money out of the trading account: any of {@code Wallet} (transfers, withdrawals),
 * {@code Earn}, the fiat and payment groups, {@code BitCard}.
 */
public record BybitApiKey(String id, String note, Integer readOnly, Map<String, List<String>> permissions,
                          List<String> ips, Integer uta, Boolean isMaster, Integer deadlineDay, String expiredAt) {

    /** Permission groups that can move funds out of the trading account. */
    public static final Set<String> MONEY_MOVING = Set.of("Wallet", "Earn", "FiatP2P", "FiatBitPay",
            "FiatConvertBroker", "FiatGlobalPay", "BitCard");

    /** Why this key must not be used; empty when it is fit. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (readOnly == null || readOnly != 0) {
            out.add("the key is read-only (readOnly=" + readOnly + "): it cannot place orders");
        }
        Map<String, List<String>> p = permissions == null ? Map.of() : permissions;
        List<String> contract = p.getOrDefault("ContractTrade", List.of());
        for (String needed : List.of("Order", "Position")) {
            if (!contract.contains(needed)) {
                out.add("permission ContractTrade." + needed + " is missing: it cannot trade USDT perpetuals");
            }
        }
        p.entrySet().stream().filter(e -> MONEY_MOVING.contains(e.getKey()) && e.getValue() != null)
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> e.getValue().forEach(v -> out.add("permission " + e.getKey() + "." + v
                        + " can move funds (withdraw or transfer): remove it")));
        return out;
    }
}
