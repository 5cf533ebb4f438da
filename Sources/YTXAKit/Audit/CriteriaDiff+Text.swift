import YTXAFormats

/// The diff as a council member reads it: one line per change, each field named in words and
/// each value with its comparison and unit (`mức 3 điểm vùng 1: ≥ 95% → ≥ 92%`).
extension CriteriaDiff {
  /// The whole report.
  public func text(language l: Language = .vi) -> String {
    let words = DiffWords(language: l)
    var lines = [l.pick("SO SÁNH HAI BỘ TIÊU CHÍ", "COMPARISON OF TWO CRITERIA SETS")]
    lines.append(l.pick("Cũ:  ", "Old: ") + words.file(old))
    lines.append(l.pick("Mới: ", "New: ") + words.file(new))
    lines.append("")
    guard !isIdentical else {
      lines.append(
        l.pick(
          "Hai tệp nêu cùng các quy tắc và dữ kiện: không có gì thay đổi.",
          "The two files state the same rules and facts: nothing changed."))
      return lines.joined(separator: "\n") + "\n"
    }
    let ids = indicators.map(\.id).joined(separator: ", ")
    var parts: [String] = []
    if !indicators.isEmpty {
      parts.append(
        l.count(indicators.count, "chỉ tiêu", "indicator") + " (\(ids))")
    }
    if !criteria.isEmpty {
      parts.append(l.pick("\(criteria.count) tiêu chí", "\(criteria.count) criteria"))
    }
    if !passRule.isEmpty { parts.append(l.pick("quy tắc đạt chuẩn", "the pass rule")) }
    if !setFields.isEmpty {
      parts.append(
        l.pick("\(setFields.count) thông tin của bộ", "\(setFields.count) facts of the set"))
    }
    lines.append(l.pick("Thay đổi: ", "Changed: ") + parts.joined(separator: "; ") + ".")
    if !setFields.isEmpty {
      lines.append("")
      lines.append(l.pick("Bộ tiêu chí", "Criteria set"))
      lines += setFields.map { "  " + words.line($0, context: nil) }
    }
    if !passRule.isEmpty {
      lines.append("")
      lines.append(l.pick("Quy tắc đạt chuẩn", "Pass rule"))
      lines += passRule.map { "  " + words.line($0, context: nil, passRule: true) }
    }
    for entry in criteria {
      lines.append("")
      lines.append(l.pick("Tiêu chí ", "Criterion ") + entry.id)
      lines += entry.changes.map { "  " + words.line($0, context: nil) }
    }
    for entry in indicators {
      lines.append("")
      let indicator = new.indicator(entry.id) ?? old.indicator(entry.id)
      lines.append(
        l.pick("Chỉ tiêu ", "Indicator ") + entry.id
          + (indicator.map { ". " + $0.name(in: l) } ?? ""))
      let context = DiffWords.Context(
        old: old.indicator(entry.id), new: new.indicator(entry.id), oldFile: entry.old,
        newFile: entry.new)
      lines += entry.changes.map { "  " + words.line($0, context: context) }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// How the diff names fields and shows values.
struct DiffWords {
  let language: Language

  /// The indicator a change belongs to, before and after.
  struct Context {
    var old: Indicator?
    var new: Indicator?
    /// The indicator as written in each file.
    var oldFile: JSONValue?
    var newFile: JSONValue?
  }

  /// `Criteria/qd-1300-2023.json — qd-1300-2023 (1300/QĐ-BYT, …), SHA-256 71a3fcbb…, 47/47 …`.
  func file(_ set: CriteriaSet) -> String {
    let basis = set.legalBasis.map(\.number).joined(separator: ", ")
    let sha = set.source.map { ", SHA-256 " + String($0.sha256.prefix(16)) + "…" } ?? ""
    return (set.source?.file ?? set.id) + " — " + set.id
      + (basis.isEmpty ? "" : " (\(basis))") + sha + "; "
      + language.pick(
        "\(set.unverifiedCount)/\(set.indicators.count) chỉ tiêu chưa đối chiếu",
        "\(set.unverifiedCount) of \(set.indicators.count) indicators unverified")
  }

  /// `mức 3 điểm vùng 1: ≥ 95% → ≥ 92%`.
  func line(_ change: CriteriaDiff.Change, context: Context?, passRule: Bool = false) -> String {
    let (label, show) = describe(change.path, context: context, passRule: passRule)
    return label + ": " + show(change.old, false) + " → " + show(change.new, true)
  }

  typealias Shower = (JSONValue?, Bool) -> String

  /// The field's name and how to show its values (the flag: the new value).
  func describe(_ path: [CriteriaDiff.PathPart], context: Context?, passRule: Bool) -> (
    String, Shower
  ) {
    let l = language
    if passRule, case .key(let key)? = path.first, path.count == 1 {
      switch key {
      case "totalPercent":
        return (l.pick("tổng điểm tối thiểu", "minimum total"), { value, _ in percent(value) })
      case "criterionPercent":
        return (
          l.pick("điểm mỗi tiêu chí tối thiểu", "minimum per criterion"),
          { value, _ in percent(value) }
        )
      case "knockouts":
        return (l.pick("áp dụng điểm liệt", "knock-outs apply"), { value, _ in plain(value) })
      default: break
      }
    }
    guard let context, case .key(let head)? = path.first else {
      return (fieldWords(path), { value, _ in plain(value) })
    }
    if ["bands", "bandsByZone", "bandsByRegion"].contains(head) {
      return band(path, context: context)
    }
    if head == "items" || head == "choices", path.count >= 2, case .entry(let key) = path[1] {
      return option(head, key: key, path: path, context: context)
    }
    if path.count == 1 {
      switch head {
      case "points":
        return (l.pick("điểm tối đa", "maximum points"), { value, _ in pointsText(value) })
      case "knockout": return (l.pick("điểm liệt", "knock-out"), { value, _ in plain(value) })
      case "direction": return (l.pick("chiều", "direction"), { value, _ in directionText(value) })
      default: break
      }
    }
    if path == [.key("provenance"), .key("status")] {
      return (l.pick("nguồn gốc", "provenance"), { value, _ in statusText(value) })
    }
    return (fieldWords(path), { value, _ in plain(value) })
  }

  /// A band's threshold or points, or a whole band.
  func band(_ path: [CriteriaDiff.PathPart], context: Context) -> (String, Shower) {
    let l = language
    var selector = ""
    var rest = path.dropFirst()
    if case .key("bandsByZone") = path[0], case .key(let zone)? = rest.first {
      selector = l.pick(" vùng \(zone)", ", zone \(zone)")
      rest = rest.dropFirst()
    } else if case .key("bandsByRegion") = path[0], case .key(let region)? = rest.first {
      selector = l.pick(" vùng KT-XH \(region)", ", region \(region)")
      rest = rest.dropFirst()
    }
    guard case .index(let index)? = rest.first else {
      return (fieldWords(path), { value, _ in plain(value) })
    }
    let bandPath = Array(path.prefix(path.count - rest.count + 1))
    let field = rest.dropFirst().first
    let explanation = Explanation(language: l)
    func threshold(_ value: JSONValue?, _ isNew: Bool) -> String {
      guard case .number(let text)? = value, let number = ExactDecimal(literal: text) else {
        return plain(value)
      }
      let indicator = isNew ? context.new ?? context.old : context.old ?? context.new
      return explanation.threshold(
        number, indicator?.kind.scale?.direction ?? .higherIsBetter,
        unit: indicator?.kind.scale?.unit ?? Indicator.UnitName(""))
    }
    switch field {
    case .key("threshold")?:
      let points = lookup(context.oldFile, bandPath + [.key("points")])
      let label = points.map { l.pick("mức \(pointsText($0))", "band of \(pointsText($0))") }
      return (
        (label ?? l.pick("mức \(index + 1)", "band \(index + 1)")) + selector,
        { threshold($0, $1) }
      )
    case .key("points")?:
      let limit = lookup(context.oldFile, bandPath + [.key("threshold")])
      return (
        l.pick("mức ", "the band ") + threshold(limit, false) + selector,
        { value, _ in pointsText(value) }
      )
    case nil:
      return (
        l.pick("mức \(index + 1)", "band \(index + 1)") + selector,
        { value, isNew in
          guard case .object(let band)? = value else { return plain(value) }
          return threshold(band["threshold"], isNew) + ": " + pointsText(band["points"])
        }
      )
    default: return (fieldWords(path), { value, _ in plain(value) })
    }
  }

  /// A choice's or checklist item's points or label, or the whole option.
  func option(_ head: String, key: String, path: [CriteriaDiff.PathPart], context: Context)
    -> (String, Shower)
  {
    let l = language
    var options: [Indicator.Option] = []
    for indicator in [context.new, context.old].compactMap({ $0 }) {
      switch indicator.kind {
      case .choice(let list), .checklist(let list): options += list
      default: break
      }
    }
    let label = options.first { $0.key == key }.map { "“\($0.label)” (\(key))" } ?? key
    let noun = head == "items" ? l.pick("mục ", "item ") : l.pick("lựa chọn ", "choice ")
    switch path.dropFirst(2).first {
    case .key("points")?: return (noun + label, { value, _ in pointsText(value) })
    case nil:
      return (
        noun + label,
        { value, _ in
          guard case .object(let option)? = value else { return plain(value) }
          return pointsText(option["points"])
        }
      )
    default:
      return (
        noun + label + " — " + fieldWords(Array(path.dropFirst(2))), { value, _ in plain(value) }
      )
    }
  }

  /// The value at a path inside a file's object.
  func lookup(_ value: JSONValue?, _ path: [CriteriaDiff.PathPart]) -> JSONValue? {
    var current = value
    for part in path {
      switch (part, current) {
      case (.key(let key), .object(let object)?): current = object[key]
      case (.index(let index), .array(let list)?) where list.indices.contains(index):
        current = list[index]
      default: return nil
      }
    }
    return current
  }

  /// A field path in words where there are words for it, else as written.
  func fieldWords(_ path: [CriteriaDiff.PathPart]) -> String {
    let l = language
    let names: [String: (String, String)] = [
      "id": ("mã", "id"), "name": ("tên", "name"), "nameEnglish": ("tên tiếng Anh", "English name"),
      "kind": ("loại", "kind"), "unit": ("đơn vị", "unit"),
      "unitEnglish": ("đơn vị (tiếng Anh)", "unit in English"),
      "ratioUnit": ("đơn vị tỷ lệ", "ratio unit"),
      "numerator": ("tử số", "numerator"), "denominator": ("mẫu số", "denominator"),
      "note": ("ghi chú", "note"), "notApplicable": ("không áp dụng", "not applicable"),
      "communeTypes": ("loại đơn vị", "unit types"),
      "zeroDenominator": ("khi mẫu số bằng 0", "when the denominator is 0"),
      "provenance": ("nguồn gốc", "provenance"), "source": ("nguồn", "source"),
      "confirmed": ("phần đã đối chiếu", "confirmed parts"),
      "legalBasis": ("căn cứ pháp lý", "legal basis"),
      "effectiveDate": ("ngày hiệu lực", "effective date"),
      "totalPoints": ("tổng điểm", "total points"),
      "recognitionYears": ("số năm công nhận", "years of recognition"),
      "zones": ("các vùng", "zones"),
      "regions": ("vùng KT-XH", "regions"),
      "provenanceNote": ("ghi chú nguồn gốc", "provenance note"),
      "plausibility": ("kiểm tra hợp lý", "plausibility checks"), "points": ("điểm", "points"),
      "schemaVersion": ("phiên bản định dạng", "schema version"),
      "criterion": ("thuộc tiêu chí", "criterion"),
    ]
    var words: [String] = []
    for part in path {
      switch part {
      case .key(let key): words.append(names[key].map { l.pick($0.0, $0.1) } ?? key)
      case .entry(let key): words.append(key)
      case .index(let index): words[words.count - 1] += " [\(index + 1)]"
      }
    }
    return words.joined(separator: " › ")
  }

  func plain(_ value: JSONValue?) -> String {
    switch value {
    case nil: "—"
    case .null?: "null"
    case .bool(let flag)?: flag ? language.pick("có", "yes") : language.pick("không", "no")
    case .number(let text)?: ExactDecimal(literal: text).map(language.format) ?? text
    case .string(let text)?: "“" + text + "”"
    case .array(let list)? where !list.contains(where: CriteriaDiff.isContainer):
      "[" + list.map(plain).joined(separator: ", ") + "]"
    case let other?: JSONOutput(other).compact()
    }
  }

  func percent(_ value: JSONValue?) -> String {
    guard case .number = value else { return plain(value) }
    return plain(value) + "%"
  }

  func pointsText(_ value: JSONValue?) -> String {
    guard case .number(let text) = value else { return plain(value) }
    return plain(value) + language.pick(" điểm", text == "1" ? " point" : " points")
  }

  func directionText(_ value: JSONValue?) -> String {
    switch value?.stringValue {
    case "higherIsBetter": language.pick("càng cao càng tốt (≥)", "higher is better (≥)")
    case "lowerIsBetter": language.pick("càng thấp càng tốt (≤)", "lower is better (≤)")
    default: plain(value)
    }
  }

  func statusText(_ value: JSONValue?) -> String {
    switch value?.stringValue {
    case "confirmed": language.pick("đã đối chiếu", "confirmed")
    case "reconstructed": language.pick("tái dựng", "reconstructed")
    default: plain(value)
    }
  }
}
