package kairos.bybit.parsing;

import java.math.BigDecimal;
import java.util.List;

import kairos.engine.execution.WalletReport;

/**
 * The account's wallet ({@code /v5/account/wallet-balance}, private {@code wallet} topic). Kairos reports the
 * account totals: on a unified account {@code totalEquity} and {@code totalWalletBalance} are the USD value of all
 * collateral, which for a USDT-margined account is its USDT equity.
 */
public record BybitWallet(String accountType, BigDecimal totalEquity, BigDecimal totalWalletBalance,
                          BigDecimal totalAvailableBalance, BigDecimal totalPerpUPL, List<Coin> coin) {

    /** One coin of the wallet. */
    public record Coin(String coin, BigDecimal equity, BigDecimal walletBalance, BigDecimal unrealisedPnl,
                       BigDecimal cumRealisedPnl) {
    }

    public WalletReport toReport(String where, long time) {
        String at = where + ": wallet " + accountType;
        return new WalletReport(BybitJson.required(totalEquity, at, "totalEquity").doubleValue(),
                BybitJson.required(totalWalletBalance, at, "totalWalletBalance").doubleValue(), time);
    }
}
