import YTXAFormats

/// The rules an evidence file must meet, each stated once. Both readers — the JSON tree
/// (``Evidence/init(document:criteria:)``, which `score` and `check` use, and which explains
/// every problem) and the batch's byte-level fast path (``EvidenceFastPath``, which gives up on
/// the first problem) — only turn their input into raw values (a number, a string, a list of
/// keys, a numerator and denominator, a not-applicable declaration) and ask these functions
/// whether the raw value is valid. A rule added here therefore holds on both paths.
///
/// Every rule is a case of ``EvidenceRule`` and carries counterexamples (edits of a valid file
/// that break it); the tests apply each one to the samples and check that both paths refuse the
/// result, and the differential test draws its mutations from them, so a new rule is exercised
/// by construction.
enum EvidenceRules {
  /// A broken rule: the field, relative to the value checked (`""`, `"numerator"`, `"[2]"`),
  /// and the message saying what would be valid.
  struct Violation: Error, Sendable, Hashable {
    var rule: EvidenceRule
    var field: String
    var message: Message
  }

  /// Every rule a value breaks.
  struct Violations: Error, Sendable, Hashable {
    var list: [Violation]
    init(_ list: [Violation]) { self.list = list }
  }

  /// One indicator's value as read, before its rules. A checklist's keys come with their
  /// positions in the list when some elements were not strings (the reader has said so), `nil`
  /// when they are the whole list; a ratio member that could not be read is `nil`.
  enum RawValue: Sendable, Hashable {
    case bool(Bool)
    case string(String)
    case strings([String], positions: [Int]?)
    case integer(Int)
    case decimal(ExactDecimal)
    case ratio(numerator: Int?, denominator: Int?)
    case notApplicable(reason: String)
  }

  // MARK: The file and the commune

  static func schemaVersion(_ version: Int) -> Violation? {
    guard version != Evidence.supportedSchemaVersion else { return nil }
    return Violation(
      rule: .schemaVersion, field: "",
      message: Message(
        "gặp \(version), phiên bản ytxa này đọc schemaVersion \(Evidence.supportedSchemaVersion)",
        "found \(version), this version of ytxa reads schemaVersion "
          + "\(Evidence.supportedSchemaVersion)"))
  }

  static func criteriaSet(_ id: String, scoredWith criteria: CriteriaSet) -> Violation? {
    guard id != criteria.id else { return nil }
    return Violation(
      rule: .criteriaSet, field: "",
      message: Message(
        "tệp viết cho bộ tiêu chí \"\(id)\" nhưng đang được chấm theo \"\(criteria.id)\"; "
          + "bỏ --criteria hoặc chỉ ra đúng bộ tiêu chí",
        "the file is for criteria set \"\(id)\" but it is being scored against "
          + "\"\(criteria.id)\"; drop --criteria or pass the matching set"))
  }

  static func year(_ year: Int) -> Violation? {
    guard !Evidence.years.contains(year) else { return nil }
    return Violation(
      rule: .yearRange, field: "",
      message: Message(
        "phải từ \(Evidence.years.lowerBound) đến \(Evidence.years.upperBound), gặp \(year)",
        "must be between \(Evidence.years.lowerBound) and \(Evidence.years.upperBound), "
          + "found \(year)"))
  }

  /// The assessment date: a real day, `YYYY-MM-DD`, inside the file's year.
  static func assessedOn(_ text: String, year: Int?) -> Result<Day, Violation> {
    guard let day = Day(iso: text) else {
      return .failure(
        Violation(
          rule: .assessedOn, field: "",
          message: Message(
            "\"\(text.abbreviated)\" không phải là ngày; viết YYYY-MM-DD (ví dụ 2025-06-15)",
            "\"\(text.abbreviated)\" is not a date; write YYYY-MM-DD (e.g. 2025-06-15)")))
    }
    if let year, day.year != year {
      return .failure(
        Violation(
          rule: .assessedOn, field: "",
          message: Message(
            "\(day.iso) không thuộc năm \(year) của tệp; ngày đánh giá phải nằm trong năm "
              + "được đánh giá",
            "\(day.iso) is not in the file's year \(year); the assessment date must be "
              + "inside the year it assesses")))
    }
    return .success(day)
  }

  /// The set must be in force for the assessment: the assessment day (or, without one, the
  /// year) not before the set's `effectiveDate`. Evidence of 2022 scored by a set of 2023 would
  /// pass or fail by rules that did not apply to it.
  static func inForce(year: Int, assessedOn: Day?, criteria: CriteriaSet) -> Violation? {
    guard let effective = Day(iso: criteria.effectiveDate) else { return nil }
    if let assessedOn {
      guard assessedOn < effective else { return nil }
    } else {
      guard year < effective.year else { return nil }
    }
    let when = assessedOn.map { "ngày \($0.vietnamese)" } ?? "năm \(year)"
    let whenEnglish = assessedOn.map { "the assessment of \($0.iso)" } ?? "the year \(year)"
    return Violation(
      rule: .inForce, field: "",
      message: Message(
        "\(when) trước ngày bộ tiêu chí \(criteria.id) có hiệu lực (\(effective.vietnamese)); "
          + "chấm theo bộ tiêu chí có hiệu lực khi đánh giá",
        "\(whenEnglish) is before criteria set \(criteria.id) took effect (\(effective.iso)); "
          + "score it with the set in force when it was assessed"))
  }

  static func communeType(_ text: String) -> Result<CommuneType, Violation> {
    guard let type = CommuneType(rawValue: text) else {
      return .failure(
        Violation(
          rule: .communeType, field: "",
          message: Message(
            "loại đơn vị \"\(text.abbreviated)\" không có; hợp lệ: xa, phuong, thi_tran, dac_khu",
            "unknown commune type \"\(text.abbreviated)\"; valid: xa, phuong, thi_tran, dac_khu")
        ))
    }
    return .success(type)
  }

  static func zone(_ zone: Int, in criteria: CriteriaSet) -> Violation? {
    guard !criteria.zones.contains(zone) else { return nil }
    return Violation(
      rule: .zone, field: "",
      message: Message("không có vùng \(zone); hợp lệ: ", "vùng \(zone) does not exist; valid: ")
        + criteria.zones.map(String.init).joined(separator: ", "))
  }

  static func region(_ region: String, in criteria: CriteriaSet) -> Violation? {
    guard !criteria.regions.contains(where: { $0.code == region }) else { return nil }
    return Violation(
      rule: .region, field: "",
      message: Message(
        "không có vùng miền \"\(region.abbreviated)\"; hợp lệ: ",
        "unknown region \"\(region.abbreviated)\"; valid: ")
        + criteria.regions.map(\.code).joined(separator: ", "))
  }

  /// A unit's code, by ``UnitCode``'s rule for its level.
  static func code<Code: AdministrativeCode>(_ text: String, as type: Code.Type) -> Result<
    Code, Violation
  > {
    Code.parse(text).mapError { problem in
      let rule: EvidenceRule =
        switch Code.level {
        case .commune: .communeCode
        case .district: .districtCode
        case .province: .provinceCode
        }
      return Violation(rule: rule, field: "", message: problem.message)
    }
  }

  /// Whether evidence given for `indicator` is ignored for a commune of this type (it does not
  /// apply to it); the file is not rejected, a warning says so.
  static func isIgnored(_ indicator: Indicator, for type: CommuneType) -> Bool {
    indicator.notApplicable.communeTypes.contains(type)
  }

  /// The warning for evidence given for an indicator that does not apply to the commune's type.
  static func ignoredWarning(_ indicator: Indicator, _ type: CommuneType) -> Message {
    Message(
      "chỉ tiêu \(indicator.id) không áp dụng cho \(type.vietnameseName); "
        + "số liệu ghi cho chỉ tiêu này không được tính",
      "indicator \(indicator.id) does not apply to a \(type.vietnameseName); "
        + "the evidence given for it is ignored")
  }

  /// A document name cited for an indicator: not blank.
  static func documentName(_ name: String) -> Violation? {
    if name.isBlank {
      return Violation(rule: .documentName, field: "", message: documentNameMessage)
    }
    // A control or bidi character refused here as in every other text field (a name reaches
    // reports and terminals).
    if let hazard = UnsafeText.firstHazard(in: name) {
      return Violation(rule: .documentName, field: "", message: .hazard(hazard, in: name))
    }
    return nil
  }

  /// What a document name must be.
  static let documentNameMessage = Message(
    "phải là một chuỗi không trống", "must be a non-empty string")

  /// An indicator key the set does not have (in `evidence` or `documents`).
  static func unknownIndicator(_ key: String, in criteria: CriteriaSet) -> Message {
    let last = "\"\(criteria.indicators.count)\""
    return Message(
      "không có chỉ tiêu \"\(key.abbreviated)\"; hợp lệ: \"1\" đến \(last) (bộ tiêu chí \(criteria.id))",
      "unknown indicator \"\(key.abbreviated)\"; valid: \"1\" to \(last) (criteria set \(criteria.id))"
    )
  }

  // MARK: Indicator values

  /// The evidence value of `raw` for `indicator`, or every rule it breaks.
  static func value(_ raw: RawValue, indicator: Indicator) -> Result<EvidenceValue, Violations> {
    if case .notApplicable(let reason) = raw {
      guard indicator.notApplicable.allowsDeclaration else {
        return broken(
          .notApplicableAllowed, field: "notApplicable",
          Message(
            "chỉ tiêu \(indicator.id) không được khai là không áp dụng",
            "indicator \(indicator.id) cannot be declared not applicable")
            + notApplicableHint(indicator) + Message("; hãy ghi ", "; give ")
            + expectedShape(indicator) + Message("", " instead"))
      }
      return .success(.notApplicable(reason: reason))
    }
    switch indicator.kind {
    case .yesNo:
      if case .bool(let answer) = raw { return .success(.yesNo(answer)) }
    case .choice(let options):
      guard case .string(let key) = raw else { break }
      guard options.contains(where: { $0.key == key }) else {
        return broken(
          .choiceKey, field: "",
          Message(
            "lựa chọn \"\(key.abbreviated)\" không có", "unknown choice \"\(key.abbreviated)\"")
            + suggestion(for: key, among: options.map(\.key)) + Message("; hợp lệ: ", "; valid: ")
            + options.map(\.key).joined(separator: ", "))
      }
      return .success(.choice(key))
    case .checklist(let items):
      if case .strings(let keys, let positions) = raw {
        return checklist(keys, positions: positions, items: items)
      }
    case .count:
      guard case .integer(let count) = raw else { break }
      guard count >= 0 else { return .failure(Violations([negative(count, field: "")])) }
      return .success(.count(count))
    case .measure:
      guard case .decimal(let measure) = raw else { break }
      guard !(measure < ExactDecimal(0)) else {
        return broken(.notNegative, field: "", .negative("\(measure)"))
      }
      return .success(.measure(measure))
    case .ratio(let ratio):
      if case .ratio(let numerator, let denominator) = raw {
        return self.ratio(numerator, denominator, indicator: indicator, ratio: ratio)
      }
    }
    return broken(.kind, field: "", wrongKind(indicator, found: nil))
  }

  /// "indicator N is a K and takes …", with what was found when the reader knows it.
  static func wrongKind(_ indicator: Indicator, found: Message?) -> Message {
    var message =
      Message(
        "chỉ tiêu \(indicator.id) thuộc loại \(indicator.kind.name), nhận ",
        "indicator \(indicator.id) is a \(indicator.kind.name) and takes ")
      + expectedShape(indicator)
    if let found { message = message + Message("; gặp ", "; found ") + found }
    return message
  }

  private static func checklist(
    _ keys: [String], positions: [Int]?, items: [Indicator.Option]
  ) -> Result<EvidenceValue, Violations> {
    var violations: [Violation] = []
    for (index, key) in keys.enumerated() {
      let position = positions?[index] ?? index
      if !items.contains(where: { $0.key == key }) {
        violations.append(
          Violation(
            rule: .checklistItem, field: "[\(position)]",
            message: Message(
              "mục \"\(key.abbreviated)\" không có", "unknown item \"\(key.abbreviated)\"")
              + suggestion(for: key, among: items.map(\.key)) + Message("; hợp lệ: ", "; valid: ")
              + items.map(\.key).joined(separator: ", ")))
      } else if keys[..<index].contains(key) {
        violations.append(
          Violation(
            rule: .checklistRepeat, field: "[\(position)]",
            message: Message(
              "mục \"\(key)\" được ghi hai lần", "item \"\(key)\" is listed twice")))
      }
    }
    // Elements that were not strings: the reader has reported them, the list is not valid.
    guard violations.isEmpty, positions == nil else { return .failure(Violations(violations)) }
    return .success(.checklist(keys))
  }

  private static func ratio(
    _ numerator: Int?, _ denominator: Int?, indicator: Indicator, ratio: Indicator.Ratio
  ) -> Result<EvidenceValue, Violations> {
    var violations: [Violation] = []
    if let numerator, numerator < 0 { violations.append(negative(numerator, field: "numerator")) }
    if let denominator, denominator < 0 {
      violations.append(negative(denominator, field: "denominator"))
    }
    guard violations.isEmpty, let numerator, let denominator else {
      return .failure(Violations(violations))
    }
    if denominator == 0, !indicator.notApplicable.zeroDenominator {
      return broken(
        .zeroDenominator, field: "denominator",
        Message(
          "phải lớn hơn 0: chỉ tiêu \(indicator.id) không cho phép mẫu số bằng 0 "
            + "(\(ratio.denominatorLabel))",
          "must be more than 0: indicator \(indicator.id) does not allow a zero "
            + "denominator (\(ratio.denominatorLabel))"))
    }
    if ratio.unit == .percent, numerator > denominator {
      return broken(
        .percentAtMost100, field: "numerator",
        Message(
          "\(numerator) lớn hơn mẫu số \(denominator); tỷ lệ phần trăm không thể quá 100 %",
          "\(numerator) is more than the denominator \(denominator); a percentage "
            + "cannot exceed 100 %"))
    }
    return .success(.ratio(numerator: numerator, denominator: denominator))
  }

  /// A value that breaks one rule.
  private static func broken(_ rule: EvidenceRule, field: String, _ message: Message) -> Result<
    EvidenceValue, Violations
  > {
    .failure(Violations([Violation(rule: rule, field: field, message: message)]))
  }

  private static func negative(_ value: Int, field: String) -> Violation {
    Violation(rule: .notNegative, field: field, message: .negative("\(value)"))
  }

  /// What an indicator's evidence looks like, in words (for messages).
  static func expectedShape(_ indicator: Indicator) -> Message {
    switch indicator.kind {
    case .yesNo: Message("true hoặc false", "true or false")
    case .choice: Message("một mã lựa chọn (chuỗi)", "one choice key (a string)")
    case .checklist: Message("một mảng mã mục", "an array of item keys")
    case .ratio: Message(verbatim: "{\"numerator\": n, \"denominator\": d}")
    case .count: Message("một số nguyên không âm", "a non-negative whole number")
    case .measure: Message("một số không âm", "a non-negative number")
    }
  }

  static func notApplicableHint(_ indicator: Indicator) -> Message {
    let types = indicator.notApplicable.communeTypes
    guard !types.isEmpty else {
      return Message(
        " (bộ tiêu chí không cho phép điều này với đơn vị nào)",
        " (the criteria set allows it for no commune)")
    }
    let names = types.map(\.vietnameseName).joined(separator: ", ")
    return Message(
      " ở đơn vị này (chỉ không áp dụng cho: \(names))",
      " by this commune (it is not applicable only to: \(names))")
  }
}

extension Message {
  /// "must not be negative, found …".
  static func negative(_ value: String) -> Message {
    Message("không được âm, gặp \(value)", "must not be negative, found \(value)")
  }
}
