import YTXAFormats

extension BatchCSV {
  /// The rows of `path` when it is a table (a `.csv` file or an `.xlsx` workbook, by its
  /// extension), or why the table is unusable; `nil` when it is no table (a JSON file or a
  /// folder). Every command that reads evidence asks this one question.
  package static func tableSources(path: String, criteria: CriteriaSet?) -> Result<
    [BatchSource], BatchError
  >? {
    openTable(path: path, criteria: criteria).map { $0.flatMap { $0.drain() } }
  }

  /// `path` opened as a table to be read row by row (its header judged), or why it is
  /// unusable; `nil` when it is no table. `batch` and `roadmap` score the rows as they are read.
  /// Whether `path` names a table (`.csv` or `.xlsx`, by its extension).
  package static func isTable(_ path: String) -> Bool {
    let lowercased = path.lowercased()
    return lowercased.hasSuffix(".csv") || lowercased.hasSuffix(".xlsx")
  }

  package static func openTable(
    path: String, criteria: CriteriaSet?, known: [String]? = nil
  ) -> Result<TableRows, BatchError>? {
    let lowercased = path.lowercased()
    if lowercased.hasSuffix(".csv") { return openCSV(path, criteria: criteria, known: known) }
    if lowercased.hasSuffix(".xlsx") {
      return openWorkbook(path, criteria: criteria, known: known)
    }
    return nil
  }

  /// The evidence template as a table: a labels row (the column names in `language`), the keys
  /// row `ytxa` reads, and one row per unit (commune columns filled from the registry, the
  /// vùng, region and every indicator cell left empty: empty is missing evidence), or, with no
  /// units, one example row (a fictitious commune with the best evidence for each indicator).
  /// The CSV template and the .xlsx template's first sheet are this table.
  public static func templateTable(
    _ criteria: CriteriaSet, units: [UnitRegistry.Unit]?, prefill: Prefill = Prefill(),
    year: Int, assessedOn: Day?, language: Language
  ) -> Table {
    let header = communeColumns + columnNames(criteria)
    var table = Table(header: header, labels: header.map { columnLabel($0, criteria, language) })
    if let units {
      for unit in units {
        let cells: [String: String] = [
          "year": String(year), "assessed_on": assessedOn?.iso ?? "",
          "criteria_set": criteria.id, "commune_code": unit.code.digits,
          "commune_name": unit.name, "commune_type": unit.type.rawValue,
          "district_code": unit.district?.code.digits ?? "",
          "district_name": unit.district?.name ?? "", "province_code": unit.province.code.digits,
          "province_name": unit.province.name,
          "region": prefill.regions[unit.code.digits] ?? "",
          "zone": prefill.zones[unit.code.digits].map(String.init) ?? "",
        ]
        table.rows.append(header.map { cell($0, cells[$0] ?? "") })
      }
    } else {
      let example = exampleRow(criteria, language: language)
      table.rows.append(header.map { cell($0, example[$0] ?? "") })
    }
    table.layout = templateLayout(criteria, header: header, language: language)
    return table
  }

  /// What a template fills in beyond the registry, by commune code: the region (from the
  /// province the unit lay in) and the vùng (from earlier evidence, `--previous`).
  public struct Prefill: Sendable {
    public var regions: [String: String] = [:]
    public var zones: [String: Int] = [:]
    public init() {}
  }

  /// A template cell: the year and zone as numbers, the rest as text.
  private static func cell(_ column: String, _ value: String) -> Table.Cell {
    column == "year" || column == "zone" ? .number(value) : .text(value)
  }

  /// The example row of a template without units.
  private static func exampleRow(_ criteria: CriteriaSet, language l: Language) -> [String:
    String]
  {
    var example: [String: String] = [
      "year": "2026", "criteria_set": criteria.id, "commune_code": "00000",
      "commune_name": l.pick(
        "Xã Ví Dụ (dòng mẫu, xóa trước khi dùng)", "Xã Example (sample row, delete before use)"),
      "commune_type": "xa", "zone": "2", "region": criteria.regions.first?.code ?? "",
      "district_code": "000", "district_name": l.pick("Huyện Ví Dụ", "Huyện Example"),
      "province_code": "00", "province_name": l.pick("Tỉnh Ví Dụ", "Tỉnh Example"),
    ]
    let commune = Commune(
      code: CommuneCode(checkedDigits: "00000"), name: "", type: .xa, zone: 2,
      region: criteria.regions.first?.code ?? "",
      district: District(code: DistrictCode(checkedDigits: "000"), name: ""))
    for indicator in criteria.indicators {
      let missing = IndicatorResult(
        id: indicator.id, criterionID: indicator.criterionID, points: .zero,
        maximum: indicator.points, status: .missing, isKnockout: indicator.isKnockout,
        detail: nil, notApplicableCause: nil, documents: [], evidence: nil)
      guard let best = Planner.levels(for: indicator, result: missing, commune: commune).last
      else { continue }
      switch best.evidence {
      case .yesNo(let answer):
        example[indicator.id] = answer ? l.pick("có", "yes") : l.pick("không", "no")
      case .choice(let key): example[indicator.id] = key
      case .checklist(let keys): example[indicator.id] = keys.joined(separator: ";")
      case .ratio(let n, let d):
        example["\(indicator.id)_num"] = String(n)
        example["\(indicator.id)_den"] = String(d)
      case .count(let count): example[indicator.id] = String(count)
      case .measure(let value): example[indicator.id] = value.formatted(decimalSeparator: ",")
      case .notApplicable: continue
      }
    }
    return example
  }

  /// The CSV template with one row per unit (see ``templateTable(_:units:year:assessedOn:language:)``).
  public static func template(
    _ criteria: CriteriaSet, units: [UnitRegistry.Unit], year: Int, assessedOn: Day?,
    language: Language = .vi, headers: Table.Headers = .both
  ) -> String {
    templateTable(criteria, units: units, year: year, assessedOn: assessedOn, language: language)
      .csv(headers: headers)
  }

  /// The CSV template with its example row, its words in `language` (both read back the same).
  public static func template(
    _ criteria: CriteriaSet, language: Language = .vi, headers: Table.Headers = .both
  ) -> String {
    templateTable(criteria, units: nil, year: 2026, assessedOn: nil, language: language)
      .csv(headers: headers)
  }

  /// The .xlsx template: the table to fill in (codes formatted as text, lists of the allowed
  /// values, a prompt per indicator column) and a second sheet explaining every column.
  public static func templateWorkbook(
    _ criteria: CriteriaSet, units: [UnitRegistry.Unit]?, prefill: Prefill = Prefill(),
    year: Int, assessedOn: Day?, language: Language, headers: Table.Headers = .both
  ) -> [UInt8] {
    let table = templateTable(
      criteria, units: units, prefill: prefill, year: year, assessedOn: assessedOn,
      language: language)
    return XLSXWriter.workbook(
      [
        (language.pick("Minh chứng", "Evidence"), table),
        (language.pick("Hướng dẫn", "Guide"), guideTable(criteria, language: language)),
      ], headers: headers)
  }
}
