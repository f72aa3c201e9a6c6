package kairos.bybit.parsing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import kairos.engine.data.FileNameInfo;
import kairos.engine.data.FundingRow;
import kairos.engine.data.ImportHints;
import kairos.engine.data.MarketFileReader;
import kairos.engine.data.ParsedFile;
import kairos.engine.data.RowErrors;
import kairos.engine.data.RowValidator;
import kairos.engine.domain.FundingRate;

/**
 * A saved {@code GET /v5/market/funding/history} response: objects {@code {symbol, fundingRate,
 * fundingRateTimestamp}} (strings), newest first; sorted ascending before validation, errors name the row as it
 * stands in the response (1 = newest). Symbol and market come from the rows and {@code result.category}.
 */
public final class BybitFundingHistoryReader implements MarketFileReader {

    private static final String ENDPOINT = "GET /v5/market/funding/history";

    @Override
    public boolean accepts(Path file) {
        BybitResponse r = BybitResponse.peek(file);
        return r != null && !r.list().isEmpty() && r.list().get(0).has("fundingRate");
    }

    @Override
    public String format() {
        return "Bybit " + ENDPOINT + " response (.json)";
    }

    @Override
    public ParsedFile read(Path file, ImportHints hints) throws IOException {
        BybitResponse response = BybitResponse.read(file, ENDPOINT);
        RowErrors errors = RowErrors.byRow(file);
        List<FundingRow> rows = new ArrayList<>();
        String symbol = null;
        JsonNode list = response.list();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            long row = i + 1L;
            String s = r.path("symbol").asText("");
            if (symbol == null && !s.isEmpty()) {
                symbol = s;
            } else if (!s.isEmpty() && !s.equals(symbol)) {
                errors.add(row, "symbol " + s + " differs from " + symbol + " in the rows before; one symbol per file");
                continue;
            }
            try {
                long t = BybitKlineReader.time(BybitResponse.text(r.get("fundingRateTimestamp")));
                double rate = BybitKlineReader.decimal("fundingRate", BybitResponse.text(r.get("fundingRate")));
                rows.add(new FundingRow(row, new FundingRate(t, rate)));
            } catch (IllegalArgumentException e) {
                errors.add(row, e.getMessage().replace("startTime", "fundingRateTimestamp"));
            }
        }
        rows.sort(Comparator.comparingLong((FundingRow f) -> f.funding().time()).thenComparingLong(FundingRow::row));
        FileNameInfo name = FileNameInfo.of(file);
        FileNameInfo inferred = new FileNameInfo(null, response.market(), symbol != null ? symbol : name.symbol(),
                null, FileNameInfo.Kind.FUNDING);
        return RowValidator.funding(file, hints.fundingSeries(file, inferred), rows, errors);
    }
}
