import YTXAFormats

/// The unit a commune of an evidence file was resolved to: its period, as JSON reports give it
/// (`commune.unit`).
public struct ResolvedUnit: Sendable, Hashable {
  /// The unit's index in the registry.
  public var index: Int
  /// Its first and last day in force, when the registry knows them (`nil`: before the records or
  /// a day of unknown date for the first; still in force or unknown for the last).
  public var validFrom: Day?
  public var validTo: Day?
}

/// Resolves the commune an evidence file names against the registry on its assessment date
/// (interfaces §5), for every evidence path alike (JSON or CSV, tree or fast path): the code must
/// name a unit in force that day; the district is required exactly when the unit has one, and
/// must be its district; the province, when given, must be its province; the type must be its
/// type (it decides which indicators apply); a name that differs is a warning.
public struct UnitResolver: Sendable {
  public let registry: UnitRegistry

  public init(registry: UnitRegistry) {
    self.registry = registry
  }

  /// What resolving gave: the unit and the warnings, or the problems (field and message).
  public struct Resolution: Sendable, Hashable {
    public var unit: ResolvedUnit
    public var warnings: [Message]
  }

  /// The date a file is resolved on: its `assessedOn`, or 31 December of its year.
  public static func day(assessedOn: Day?, year: Int) -> Day {
    assessedOn ?? Day.endOfYear(year)
  }

  /// Why a commune could not be resolved: every problem, by field.
  public struct Problems: Error, Sendable, Hashable {
    public var list: [FieldProblem]
  }

  /// Resolves `commune` on `day`.
  public func resolve(_ commune: Commune, on day: Day) -> Result<Resolution, Problems> {
    var warnings: [Message] = []
    let index: Int
    switch registry.lookup(commune.code, on: day) {
    case .unit(let found): index = found
    case .uncertain(let candidates):
      index = candidates.first { sameName(registry.units[$0], commune.name) } ?? candidates[0]
      let unit = registry.units[index]
      warnings.append(uncertainWarning(commune.code, unit))
    case .none:
      return .failure(
        Problems(list: [FieldProblem(path: "commune.code", message: noUnit(commune.code, on: day))])
      )
    }
    let unit = registry.units[index]
    var problems: [FieldProblem] = []
    // Words for messages, made only when a message is.
    let onDay = { Message("ngày \(day.vietnamese)", "on \(day.vietnamese)") }
    checkDistrict(unit, commune, onDay: onDay, problems: &problems, warnings: &warnings)
    if let given = commune.province {
      if given.code != unit.province.code {
        problems.append(
          FieldProblem(
            path: "commune.province.code",
            message: Message(
              "\(given.code) không phải tỉnh của \(unit.code) \(unit.name) \(onDay().vietnamese); danh mục "
                + "ghi \(unit.province.code) \(unit.province.name)",
              "\(given.code) is not the province of \(unit.code) \(unit.name) \(onDay().english); the "
                + "registry has \(unit.province.code) \(unit.province.name)")))
      } else if !Self.sameText(unit.province.name, given.name) {
        warnings.append(nameWarning("commune.province.name", given.name, unit.province.name))
      }
    }
    if commune.type != unit.type {
      problems.append(
        FieldProblem(
          path: "commune.type",
          message: Message(
            "\(commune.type.rawValue), nhưng \(onDay().vietnamese) \(unit.code) \(unit.name) là "
              + "\(unit.type.vietnameseName) (\(unit.type.rawValue)); loại đơn vị quyết định chỉ "
              + "tiêu nào áp dụng",
            "\(commune.type.rawValue), but \(onDay().english) \(unit.code) \(unit.name) is a "
              + "\(unit.type.rawValue); the type decides which indicators apply")))
    }
    if !sameName(unit, commune.name) {
      warnings.append(nameWarning("commune.name", commune.name, unit.name))
    }
    guard problems.isEmpty else { return .failure(Problems(list: problems)) }
    return .success(
      Resolution(
        unit: ResolvedUnit(
          index: index, validFrom: unit.validFrom, validTo: unit.validTo),
        warnings: warnings))
  }

  /// The district: required exactly when the unit has one, and the registry's.
  private func checkDistrict(
    _ unit: UnitRegistry.Unit, _ commune: Commune, onDay: () -> Message,
    problems: inout [FieldProblem], warnings: inout [Message]
  ) {
    switch (unit.district, commune.district) {
    case (nil, let given?):
      problems.append(
        FieldProblem(
          path: "commune.district",
          message: Message(
            "\(unit.code) \(unit.name) không thuộc huyện nào \(onDay().vietnamese) (cấp huyện đã bỏ từ "
              + "01/07/2025); bỏ commune.district (đang ghi \(given.code) \(given.name))",
            "\(unit.code) \(unit.name) has no district \(onDay().english) (the district level ended on "
              + "01/07/2025); leave commune.district out (it says \(given.code) \(given.name))")))
    case (let registered?, nil):
      problems.append(
        FieldProblem(
          path: "commune.district",
          message: Message(
            "bắt buộc: \(onDay().vietnamese) \(unit.code) \(unit.name) thuộc \(registered.code) "
              + "\(registered.name)",
            "required: \(onDay().english) \(unit.code) \(unit.name) was in district \(registered.code) "
              + "\(registered.name)")))
    case (let registered?, let given?):
      if registered.code != given.code {
        problems.append(
          FieldProblem(
            path: "commune.district.code",
            message: Message(
              "\(given.code) không phải huyện của \(unit.code) \(unit.name) \(onDay().vietnamese); danh mục "
                + "ghi \(registered.code) \(registered.name)",
              "\(given.code) is not the district of \(unit.code) \(unit.name) \(onDay().english); the "
                + "registry has \(registered.code) \(registered.name)")))
      } else if !Self.sameText(registered.name, given.name) {
        warnings.append(nameWarning("commune.district.name", given.name, registered.name))
      }
    case (nil, nil): break
    }
  }

  /// The warning for a code resolved inside a window of unknown date.
  private func uncertainWarning(_ code: CommuneCode, _ unit: UnitRegistry.Unit) -> Message {
    var window: UnitRegistry.Window?
    if case .within(let w) = unit.start { window = w }
    if case .within(let w) = unit.end { window = w }
    var text = Message(
      "đơn vị mang mã \(code) đã thay đổi vào một ngày không rõ",
      "the unit with code \(code) changed on a day the data does not give")
    if let window {
      text +=
        Message(" (giữa ", " (between ") + window.after.vietnamese + Message(" và ", " and ")
        + window.by.vietnamese + ")"
    }
    return text + Message("; đã đối chiếu với ", "; resolved to ") + "\(unit.name) ("
      + period(unit) + ")"
  }

  private func nameWarning(_ field: String, _ given: String, _ registered: String) -> Message {
    Message(
      "\(field) \"\(given)\" khác tên trong danh mục \"\(registered)\"",
      "\(field) \"\(given)\" differs from the registry's \"\(registered)\"")
  }

  /// That no unit of the registry has ever had `code`.
  public func unknownCode(_ code: CommuneCode) -> Message {
    Message(
      "không có đơn vị nào mang mã \(code) trong danh mục đơn vị hành chính (\(registry.file))",
      "no unit has ever had the code \(code) in the registry (\(registry.file))")
  }

  /// Why no unit has `code` on `day`: what the code was and what it became, with dates.
  /// `dateField`: the input's date that could be moved instead (`nil` when it cannot, as a
  /// decision's day of signing).
  public func noUnit(_ code: CommuneCode, on day: Day, dateField: String? = "assessedOn")
    -> Message
  {
    let units = registry.indices(withCode: code)
    guard !units.isEmpty else { return unknownCode(code) }
    // The last unit of the code that ended before the day, else the first that begins after.
    if let (before, last) = lastEnded(units, before: day) {
      let unit = registry.units[before]
      let next = last.adding(days: 1)
      var text = Message(
        "\(code) là \(unit.name) đến \(last.vietnamese)",
        "\(code) was \(unit.name) until \(last.vietnamese)")
      let successors = unit.successors.map { registry.units[$0.unit] }
      if successors.isEmpty {
        text += Message(
          "; danh mục không ghi đơn vị kế tiếp", "; the registry does not record what it became")
      } else {
        let named = successors.map { "\($0.code) \($0.name)" }.joined(separator: ", ")
        text += Message(
          "; từ \(next.vietnamese) là một phần của \(named). Dùng mã "
            + successors.map(\.code.digits).joined(separator: " hoặc ")
            + (dateField.map { ", hoặc ghi \($0) trước \(next.vietnamese)" } ?? ""),
          "; since \(next.vietnamese) it is part of \(named). Use "
            + successors.map(\.code.digits).joined(separator: " or ")
            + (dateField.map { ", or set \($0) before \(next.vietnamese)" } ?? ""))
      }
      return text
    }
    let unit = registry.units[units.lowerBound]
    var first = "?"
    if let day = unit.certainFirstDay { first = day.vietnamese }
    let earlier = unit.predecessors.map { registry.units[$0.unit] }.filter { $0.code != code }
    return Message(
      "\(code) (\(unit.name)) chỉ có hiệu lực từ \(first)"
        + (earlier.isEmpty
          ? ""
          : "; trước đó địa bàn thuộc "
            + earlier.map { "\($0.code) \($0.name)" }.joined(
              separator: ", ")),
      "\(code) (\(unit.name)) is in force only from \(first)"
        + (earlier.isEmpty
          ? ""
          : "; before that its territory was in "
            + earlier.map { "\($0.code) \($0.name)" }
            .joined(separator: ", ")))
  }

  /// The last of `indices` whose last day is before `day`, with that day.
  private func lastEnded(_ indices: Range<Int>, before day: Day) -> (Int, Day)? {
    var found: (Int, Day)?
    for index in indices {
      if let last = registry.units[index].certainLastDay, last < day { found = (index, last) }
    }
    return found
  }

  /// A unit's period in words.
  func period(_ unit: UnitRegistry.Unit) -> Message {
    Message(
      UnitReport(registry: registry, language: .vi).period(unit),
      UnitReport(registry: registry, language: .en).period(unit))
  }

  /// Whether `name` names the unit: compared in NFC, ignoring case and the type word.
  func sameName(_ unit: UnitRegistry.Unit, _ name: String) -> Bool {
    Self.sameText(unit.name, name)
  }

  /// Two names compared canonically: NFC, case, with or without the type word, spaces.
  static func sameText(_ a: String, _ b: String) -> Bool {
    // Most files write the registry's name exactly: compare bytes before folding anything.
    if a.utf8.elementsEqual(b.utf8) { return true }
    return canonical(a) == canonical(b)
  }

  static let typeWords = [
    "xã ", "phường ", "thị trấn ", "đặc khu ", "huyện ", "quận ", "thị xã ", "thành phố ", "tỉnh ",
  ]

  static func canonical(_ name: String) -> String {
    var text = name.nfc.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for word in typeWords where text.hasPrefix(word) {
      text.removeFirst(word.count)
      break
    }
    return text
  }
}

extension UnitResolver {
  /// Resolves a loaded file's commune in place (``Commune/unit``, warnings added), or throws the
  /// file's problems. Every evidence path calls this one function: the JSON tree (`score`,
  /// `check`), the batch's fast path and CSV rows.
  public func resolve(
    _ commune: inout Commune, warnings: inout [Message], year: Int, assessedOn: Day?, file: String
  ) throws(EvidenceError) {
    switch resolve(commune, on: Self.day(assessedOn: assessedOn, year: year)) {
    case .success(let resolution):
      commune.unit = resolution.unit
      warnings += resolution.warnings
    case .failure(let problems):
      throw .invalid(
        file: file,
        commune: CommuneType.label(
          code: commune.code.digits, name: commune.name, type: commune.type.rawValue),
        problems: problems.list.map(EvidenceError.Problem.init))
    }
  }

  /// Resolves validated evidence in place.
  public func resolve(_ evidence: inout Evidence) throws(EvidenceError) {
    try resolve(
      &evidence.commune, warnings: &evidence.warnings, year: evidence.year,
      assessedOn: evidence.assessedOn, file: evidence.file)
  }

  /// Resolves the batch's positional evidence in place.
  package func resolve(_ evidence: inout PositionalEvidence) throws(EvidenceError) {
    try resolve(
      &evidence.commune, warnings: &evidence.warnings, year: evidence.year,
      assessedOn: evidence.assessedOn, file: evidence.file)
  }
}
