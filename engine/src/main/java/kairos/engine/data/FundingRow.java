package kairos.engine.data;

import kairos.engine.domain.FundingRate;

/** A funding settlement read from a file, with the line or row it came from (for error messages). */
public record FundingRow(long row, FundingRate funding) {
}
