/**
 * Data-quality parameters, version 1. Units are in the names; each value says where it comes from.
 * Importers take an override of any of them; nothing here is repeated as a literal elsewhere.
 */
export const QUALITY_PARAMETERS = {
  version: 1,
  /**
   * A point up to this far outside its country's Natural Earth 1:10m outline is still accepted:
   * the outline is generalised (coasts move by hundreds of metres) and drops islets, and post
   * offices stand on harbours and small islands.
   */
  countryToleranceM: 5_000,
  /** Giga's school data checks call two schools of the same level within 110 m with similar names duplicates. */
  duplicateRadiusM: 110,
  /** Sørensen–Dice similarity of name bigrams at or above which two names are "similar". */
  duplicateNameSimilarity: 0.8,
  /** Contracted speeds above 100 Gbps are data-entry errors (kbps or bps typed as Mbps). */
  maxDownloadMbps: 100_000,
  /** Antennas and towers above 1,000 m do not exist; such values are feet×1000 or centimetres. */
  maxAntennaHeightM: 1_000,
  /** The longest nominal cell range OpenCelliD reports for macro cells is well under 100 km. */
  maxCellRangeM: 100_000,
} as const;

export type QualityParameters = { -readonly [K in keyof typeof QUALITY_PARAMETERS]: (typeof QUALITY_PARAMETERS)[K] extends number ? number : never };
