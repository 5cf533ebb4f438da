/// One CSV row per indicator per commune, for spreadsheets.
public struct ScoreCSVReport: Sendable {
  public let criteria: CriteriaSet
  public let language: Language

  /// Creates a report writer.
  public init(criteria: CriteriaSet, language: Language = .vi) {
    self.criteria = criteria
    self.language = language
  }

  /// The column names (stable, English, snake case, for formulas and scripts).
  public static let header = [
    "file", "year", "commune_code", "commune_name", "district_code", "district_name", "zone",
    "region", "criterion", "indicator", "indicator_name", "knockout", "status", "value", "band",
    "points", "max", "shortfall", "documents", "provenance", "commune_total", "commune_max",
    "commune_percent", "commune_passed", "unverified_indicators", "criteria_file",
    "criteria_sha256",
  ]

  /// The whole document for several results.
  public func render(_ results: [CommuneResult]) -> String {
    results.reduce(start()) { $0 + rows($1) }
  }

  /// The start of a document: the byte order mark and the header row.
  public func start() -> String {
    var writer = CSVWriter()
    writer.row(Self.header)
    return writer.output
  }

  /// One result's rows (a document is ``start()`` and then the rows of each result).
  public func rows(_ result: CommuneResult) -> String {
    var writer = CSVWriter(byteOrderMark: false)
    let explain = Explanation(language: language)
    for item in result.indicators {
      let indicator = criteria.indicator(item.id)
      writer.row([
        result.file, String(result.year), result.commune.code.digits, result.commune.name.nfc,
        result.commune.district?.code.digits ?? "", result.commune.district?.name.nfc ?? "",
        String(result.commune.zone),
        result.commune.region, item.criterionID, item.id, indicator?.name(in: language) ?? "",
        item.isKnockout ? "1" : "0", item.status.rawValue, explain.value(item),
        explain.band(item),
        item.status == .notApplicable ? "" : item.points.description, item.maximum.description,
        explain.shortfall(item) ?? "", item.documents.joined(separator: "; "),
        indicator?.provenance.status.rawValue ?? "", result.total.description,
        result.maximum.description, result.percent.description, result.hasPassed ? "1" : "0",
        String(result.unverifiedIndicators), criteria.source?.file ?? "",
        criteria.source?.sha256 ?? "",
      ])
    }
    return writer.output
  }
}
