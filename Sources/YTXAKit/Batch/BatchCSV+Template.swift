extension BatchCSV {
  /// The rows of `path` when it is a table (a `.csv` file or an `.xlsx` workbook, by its
  /// extension), or why the table is unusable; `nil` when it is no table (a JSON file or a
  /// folder). Every command that reads evidence asks this one question.
  package static func tableSources(path: String, criteria: CriteriaSet?) -> Result<
    [BatchSource], BatchError
  >? {
    let lowercased = path.lowercased()
    if lowercased.hasSuffix(".csv") { return sources(file: path, criteria: criteria) }
    if lowercased.hasSuffix(".xlsx") { return sources(workbook: path, criteria: criteria) }
    return nil
  }

  /// The CSV template with one row per unit: commune columns filled from the registry, the
  /// vùng, region and every indicator cell left empty (empty is missing evidence).
  public static func template(
    _ criteria: CriteriaSet, units: [UnitRegistry.Unit], year: Int, assessedOn: Day?
  ) -> String {
    var writer = CSVWriter()
    let header = communeColumns + columnNames(criteria)
    writer.row(header)
    for unit in units {
      let cells: [String: String] = [
        "year": String(year), "assessed_on": assessedOn?.iso ?? "", "criteria_set": criteria.id,
        "commune_code": unit.code.digits, "commune_name": unit.name,
        "commune_type": unit.type.rawValue, "district_code": unit.district?.code.digits ?? "",
        "district_name": unit.district?.name ?? "", "province_code": unit.province.code.digits,
        "province_name": unit.province.name,
      ]
      writer.row(header.map { cells[$0] ?? "" })
    }
    return writer.output
  }

  /// An empty template for `ytxa template --format csv`: the header and one example row (a
  /// fictitious commune with the best evidence for each indicator), its words in `language`
  /// (both read back the same).
  public static func template(_ criteria: CriteriaSet, language: Language = .vi) -> String {
    let l = language
    var writer = CSVWriter()
    let header = communeColumns + columnNames(criteria)
    writer.row(header)
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
    writer.row(header.map { example[$0] ?? "" })
    return writer.output
  }
}
