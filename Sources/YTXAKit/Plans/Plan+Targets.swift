import YTXAFormats

/// Reads one target of a plan file, checking it against the criteria set and the plan's years.
final class TargetLoader {
  let reader: FieldReader
  let criteria: CriteriaSet
  let years: ClosedRange<Int>
  /// The problems found, each naming the target.
  var problems: [FieldProblem] = []
  private var named = ""
  private var namedEnglish = ""

  init(reader: FieldReader, criteria: CriteriaSet, years: ClosedRange<Int>) {
    self.reader = reader
    self.criteria = criteria
    self.years = years
  }

  func problem(_ key: String, _ vietnamese: String, _ english: String) {
    problems.append(
      FieldProblem(
        path: reader.child(key), message: Message(named + vietnamese, namedEnglish + english)))
  }

  func load() -> Plan.Target? {
    reader.rejectUnknownKeys(
      allowed: [
        "id", "kind", "text", "note", "indicator", "condition", "comparator", "thresholds",
        "count", "share", "maintain", "add", "year",
      ], into: &problems)
    let id = reader.string("id", into: &problems)
    let text = reader.string("text", into: &problems)
    let note = reader.string("note", required: false, into: &problems)
    named = id.map { "mục tiêu \"\($0)\": " } ?? ""
    namedEnglish = id.map { "target \"\($0)\": " } ?? ""
    let kind: Plan.Kind?
    switch reader.string("kind", into: &problems) {
    case "external"?: kind = .external
    case "recognised"?: kind = recognised()
    case "indicator"?: kind = indicator()
    case let other?:
      problem(
        "kind", "không có loại \"\(other)\"; hợp lệ: recognised, indicator, external",
        "unknown kind \"\(other)\"; valid: recognised, indicator, external")
      kind = nil
    case nil: kind = nil
    }
    guard let id, let text, let kind else { return nil }
    return Plan.Target(id: id, text: text, kind: kind, note: note)
  }

  /// `{"2025": 95, "2030": 98}`: a value per plan year.
  func table(_ key: String) -> [Int: ExactDecimal]? {
    guard let item = reader.objectReader(key, into: &problems) else { return nil }
    var values: [Int: ExactDecimal] = [:]
    for member in item.object.members {
      guard let year = Int(member.key), years.contains(year) else {
        problem(
          key,
          "năm \"\(member.key)\" ngoài các năm của kế hoạch (\(years.lowerBound)–\(years.upperBound))",
          "year \"\(member.key)\" is outside the plan's years (\(years.lowerBound)–\(years.upperBound))"
        )
        continue
      }
      guard
        let value = FieldReader.decimal(member.value, path: item.child(member.key), into: &problems)
      else { continue }
      guard value >= ExactDecimal(0), value <= ExactDecimal(1_000_000) else {
        problem(key, "giá trị ngoài 0–1.000.000", "value outside 0–1,000,000")
        continue
      }
      values[year] = value
    }
    if values.isEmpty { problem(key, "không có năm nào", "has no year") }
    return values
  }

  func recognised() -> Plan.Kind? {
    if reader.object["maintain"] != nil {
      let maintain = reader.integer("maintain", in: 0...Roadmap.maximumCommunes, into: &problems)
      let add = reader.integer("add", in: 0...Roadmap.maximumCommunes, into: &problems)
      let year = reader.integer("year", in: years, into: &problems)
      guard let maintain, let add, let year else { return nil }
      return .recognised(.maintainAndAdd(maintain: maintain, add: add, year: year))
    }
    if reader.object["count"] != nil {
      guard let counts = table("count") else { return nil }
      var whole: [Int: Int] = [:]
      for (year, value) in counts {
        guard value.scale == 0, let count = Int(exactly: value.mantissa) else {
          problem("count", "số xã phải là số nguyên", "a number of communes must be whole")
          return nil
        }
        whole[year] = count
      }
      return .recognised(.count(whole))
    }
    if reader.object["share"] != nil {
      guard let shares = table("share") else { return nil }
      if shares.values.contains(where: { $0 > ExactDecimal(100) }) {
        problem("share", "tỷ lệ xã quá 100%", "a share of communes above 100 %")
      }
      return .recognised(.share(shares))
    }
    problem(
      "kind", "mục tiêu xã đạt chuẩn cần count, share hoặc maintain/add/year",
      "a recognised target needs count, share, or maintain/add/year")
    return nil
  }

  func indicator() -> Plan.Kind? {
    guard let id = reader.string("indicator", into: &problems) else { return nil }
    guard let indicator = criteria.indicator(id) else {
      problem(
        "indicator", "bộ \(criteria.id) không có chỉ tiêu \(id)",
        "\(criteria.id) has no indicator \(id)")
      return nil
    }
    let comparatorText = reader.string("comparator", into: &problems)
    let comparator = comparatorText.flatMap(Plan.Comparator.init(rawValue:))
    if let comparatorText, comparator == nil {
      problem(
        "comparator", "không có phép so sánh \"\(comparatorText)\"; hợp lệ: >, >=, <, <=",
        "unknown comparator \"\(comparatorText)\"; valid: >, >=, <, <=")
    }
    let thresholds = table("thresholds")
    var condition: Plan.Condition?
    let given = reader.objectReader("condition", required: false, into: &problems)
    given?.rejectUnknownKeys(allowed: ["yes", "choices", "items"], into: &problems)
    func keys(_ key: String, among options: [Indicator.Option]) -> [String] {
      let list = (given?.array(key, into: &problems) ?? []).compactMap(\.stringValue)
      for key in list where !options.contains(where: { $0.key == key }) {
        problem(
          "condition",
          "chỉ tiêu \(id) không có lựa chọn \"\(key)\"; hợp lệ: "
            + options.map(\.key).joined(separator: ", "),
          "indicator \(id) has no option \"\(key)\"; valid: "
            + options.map(\.key).joined(separator: ", "))
      }
      if list.isEmpty { problem("condition", "điều kiện trống", "the condition is empty") }
      return list
    }
    switch indicator.kind {
    case .ratio:
      if given != nil {
        problem(
          "condition", "chỉ tiêu tỷ lệ được cộng tử số, mẫu số; không cần condition",
          "a ratio is aggregated from its numerators and denominators; no condition")
      }
    case .yesNo: condition = .yes
    case .choice(let options): condition = .choices(keys("choices", among: options))
    case .checklist(let options): condition = .items(keys("items", among: options))
    case .count, .measure:
      problem(
        "indicator", "chỉ tiêu \(id) là số đếm/đo, không gộp được theo địa bàn; hãy dùng external",
        "indicator \(id) is a count or a measure and cannot be aggregated; use external")
      return nil
    }
    guard let comparator, let thresholds else { return nil }
    return .indicator(id: id, condition: condition, comparator: comparator, thresholds: thresholds)
  }
}
