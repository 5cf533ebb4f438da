import YTXAFormats

/// An evidence file to fill in for one unit of the registry: the commune block from the
/// registry (name, type, district when there is one, province), the vùng and region to fill,
/// and every indicator of the set present as `null` (no evidence: validation reports it as
/// missing), with a companion guide that lists what each indicator takes.
public struct EvidenceTemplate: Sendable {
  public let criteria: CriteriaSet
  public let language: Language

  public init(criteria: CriteriaSet, language: Language = .vi) {
    self.criteria = criteria
    self.language = language
  }

  /// The evidence file (JSON, keys in the order of the interfaces spec's example, indicators in
  /// number order: written as text, since the JSON writer keeps keys sorted).
  package func json(
    unit: UnitRegistry.Unit, year: Int, assessedOn: Day?,
    prefill: BatchCSV.Prefill = BatchCSV.Prefill()
  ) -> String {
    func quoted(_ text: String) -> String {
      var bytes: [UInt8] = []
      JSONOutput.appendString(text, to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
    func place(_ code: String, _ name: String) -> String {
      "{\n      \"code\": \(quoted(code)),\n      \"name\": \(quoted(name))\n    }"
    }
    var lines = [
      "{", "  \"schemaVersion\": \(Evidence.supportedSchemaVersion),",
      "  \"criteriaSet\": \(quoted(criteria.id)),", "  \"year\": \(year),",
    ]
    if let assessedOn { lines.append("  \"assessedOn\": \"\(assessedOn.iso)\",") }
    lines += [
      "  \"commune\": {", "    \"code\": \(quoted(unit.code.digits)),",
      "    \"name\": \(quoted(unit.name)),", "    \"type\": \(quoted(unit.type.rawValue)),",
      "    \"zone\": \(prefill.zones[unit.code.digits].map(String.init) ?? "null"),",
      "    \"region\": \(prefill.regions[unit.code.digits].map(quoted) ?? "null"),",
    ]
    if let district = unit.district {
      lines.append("    \"district\": " + place(district.code.digits, district.name) + ",")
    }
    lines.append("    \"province\": " + place(unit.province.code.digits, unit.province.name))
    lines += ["  },", "  \"evidence\": {"]
    for (position, indicator) in criteria.indicators.enumerated() {
      let comma = position + 1 < criteria.indicators.count ? "," : ""
      lines.append("    \(quoted(indicator.id)): null\(comma)")
    }
    lines += ["  },", "  \"documents\": {}", "}"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The companion: per indicator, its name and what to write.
  public func guide() -> String {
    let l = language
    var lines = [
      l.pick(
        "Cách điền (thay null bằng giá trị; để null là thiếu minh chứng). Vùng (zone): "
          + criteria.zones.map(String.init).joined(separator: ", ") + "; vùng KT-XH (region): "
          + criteria.regions.map(\.code).joined(separator: ", ") + ".",
        "How to fill it in (replace null by a value; null is missing evidence). zone: "
          + criteria.zones.map(String.init).joined(separator: ", ") + "; region: "
          + criteria.regions.map(\.code).joined(separator: ", ") + ".")
    ]
    for indicator in criteria.indicators {
      lines.append("\(indicator.id). \(indicator.name(in: l)): \(shape(indicator))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func shape(_ indicator: Indicator) -> String {
    let l = language
    var text: String
    switch indicator.kind {
    case .yesNo: text = "true | false"
    case .choice(let options):
      text =
        l.pick("một trong ", "one of ") + options.map { "\"\($0.key)\"" }.joined(separator: ", ")
    case .checklist(let items):
      text =
        l.pick("danh sách các mục đạt trong ", "a list of the items met among ")
        + "[" + items.map { "\"\($0.key)\"" }.joined(separator: ", ") + "]"
    case .ratio: text = #"{"numerator": n, "denominator": d}"#
    case .count: text = l.pick("số nguyên ≥ 0", "a whole number ≥ 0")
    case .measure: text = l.pick("số ≥ 0", "a number ≥ 0")
    }
    if indicator.notApplicable.allowsDeclaration {
      text += l.pick(
        #"; hoặc {"notApplicable": "lý do"}"#, #"; or {"notApplicable": "reason"}"#)
    }
    return text
  }
}
