import YTXAFormats

/// One row per indicator per commune, for spreadsheets: as CSV (`score --format csv`) or as a
/// workbook sheet (`score --format xlsx`, the check workbook's detail), the same cells.
public struct ScoreCSVReport: Sendable {
  public let criteria: CriteriaSet
  public let language: Language
  /// ``Table/Headers/both``: a labels row above the keys, and words in `language` (`thiếu`,
  /// `đạt`); ``Table/Headers/keys``: the keys alone and the words scripts match (`missing`, `1`).
  package let headers: Table.Headers

  /// Creates a report writer.
  package init(criteria: CriteriaSet, language: Language = .vi, headers: Table.Headers = .both) {
    self.criteria = criteria
    self.language = language
    self.headers = headers
  }

  /// Creates a report writer with both header rows.
  public init(criteria: CriteriaSet, language: Language = .vi) {
    self.init(criteria: criteria, language: language, headers: .both)
  }

  /// The column keys (stable, English, snake case, for formulas and scripts).
  public static let header = [
    "file", "year", "commune_code", "commune_name", "district_code", "district_name", "zone",
    "region", "criterion", "indicator", "indicator_name", "knockout", "status", "value", "band",
    "points", "max", "shortfall", "documents", "provenance", "commune_total", "commune_max",
    "commune_percent", "commune_passed", "unverified_indicators", "criteria_set", "criteria_file",
    "criteria_sha256",
  ]

  /// The columns' names for people, in the report's language.
  var labels: [String] {
    let l = language
    return [
      l.pick("Tệp", "File"), l.pick("Năm", "Year"), l.pick("Mã xã", "Commune code"),
      l.pick("Tên xã", "Commune"), l.pick("Mã huyện", "District code"),
      l.pick("Tên huyện", "District"), l.pick("Vùng", "Zone"), l.pick("Vùng KT-XH", "Region"),
      l.pick("Tiêu chí", "Criterion"), l.pick("Chỉ tiêu", "Indicator"),
      l.pick("Tên chỉ tiêu", "Indicator name"), l.pick("Điểm liệt", "Knock-out"),
      l.pick("Tình trạng", "Status"), l.pick("Giá trị", "Value"), l.pick("Mức", "Band"),
      l.pick("Điểm", "Points"), l.pick("Tối đa", "Max"), l.pick("Còn thiếu", "Shortfall"),
      l.pick("Tài liệu", "Documents"), l.pick("Nguồn", "Provenance"),
      l.pick("Tổng điểm xã", "Commune total"), l.pick("Tối đa của xã", "Commune max"),
      l.pick("Tỷ lệ %", "Percent"), l.pick("Kết luận", "Verdict"),
      l.pick("Chỉ tiêu chưa đối chiếu", "Unverified indicators"),
      l.pick("Bộ tiêu chí", "Criteria set"), l.pick("Tệp bộ tiêu chí", "Criteria file"), "SHA-256",
    ]
  }

  /// An empty table with this report's header rows.
  package var table: Table { Table(header: Self.header, labels: labels) }

  /// The whole document for several results.
  public func render(_ results: [CommuneResult]) -> String {
    results.reduce(start()) { $0 + rows($1) }
  }

  /// The start of a document: the byte order mark and the header rows.
  public func start() -> String {
    var writer = CSVWriter()
    for row in table.headerRows(headers) { writer.row(row) }
    return writer.output
  }

  /// One result's rows (a document is ``start()`` and then the rows of each result).
  public func rows(_ result: CommuneResult) -> String {
    var writer = CSVWriter(byteOrderMark: false)
    for row in cells(result) { writer.row(row.map(\.text)) }
    return writer.output
  }

  /// One result's rows as cells: numbers as numbers, the verdict shaded.
  package func cells(_ result: CommuneResult) -> [[Table.Cell]] {
    let l = language
    let words = headers == .both
    let explain = Explanation(language: language, keys: !words)
    let passed: Table.Cell =
      words
      ? Phrasebook(l).verdictCell(passed: result.hasPassed) : .number(result.hasPassed ? "1" : "0")
    let commune: [Table.Cell] = [
      .text(result.file), .number(String(result.year)), .text(result.commune.code.digits),
      .text(result.commune.name.nfc), .text(result.commune.district?.code.digits ?? ""),
      .text(result.commune.district?.name.nfc ?? ""), .number(String(result.commune.zone)),
      .text(result.commune.region),
    ]
    let totals: [Table.Cell] = [
      .number(result.total.description), .number(result.maximum.description),
      .number(result.percent.description), passed, .number(String(result.unverifiedIndicators)),
      .text(criteria.source?.citation ?? criteria.id), .text(criteria.source?.file ?? ""),
      .text(criteria.source?.sha256 ?? ""),
    ]
    return result.indicators.map { item in
      let indicator = criteria.indicator(item.id)
      let knockout: Table.Cell =
        words
        ? .text(item.isKnockout ? l.pick("có", "yes") : "") : .number(item.isKnockout ? "1" : "0")
      let status: Table.Cell = words ? statusCell(item.status) : .text(item.status.rawValue)
      let provenance = indicator?.provenance.status
      let provenanceText =
        words
        ? provenance.map {
          $0 == .confirmed
            ? l.pick("đã đối chiếu", "confirmed") : l.pick("dựng lại", "reconstructed")
        } ?? "" : provenance?.rawValue ?? ""
      let row: [Table.Cell] = [
        .text(item.criterionID), .text(item.id), .text(indicator?.name(in: language) ?? ""),
        knockout, status, .text(explain.value(item)), .text(explain.band(item)),
        .number(item.status == .notApplicable ? "" : item.points.description),
        .number(item.maximum.description), .text(explain.shortfall(item) ?? ""),
        .text(item.documents.joined(separator: "; ")), .text(provenanceText),
      ]
      return commune + row + totals
    }
  }

  /// An indicator's status in words, shaded: missing in amber.
  private func statusCell(_ status: IndicatorResult.Status) -> Table.Cell {
    let l = language
    switch status {
    case .scored: return .text(l.pick("đã chấm", "scored"))
    case .missing: return .toned(l.pick("thiếu minh chứng", "missing"), .warning)
    case .notApplicable: return .text(l.pick("không áp dụng", "not applicable"))
    }
  }
}
