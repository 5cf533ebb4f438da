import Foundation
import YTXAFormats

/// The register of recognitions (interfaces §9): the province's decisions, read from `.csv`,
/// `.xlsx` (a title, merged group headers and a labels row may stand above the keys row, as in
/// evidence tables) and `.jsonl` files, each row checked: its cells, its unit on the day it was
/// signed, and against the rows before it (a repeat, a withdrawal of a commune not recognised
/// that day, a re-recognition of one never recognised).
public struct Register: Sendable {
  /// A problem of one row: where (file, row, and for a workbook the cell), the field, what.
  public struct Problem: Sendable, Hashable {
    public var file: String
    public var row: Int?
    public var cell: String?
    public var field: String
    public var message: Message

    /// `register.csv:7: kind: …`, `book.xlsx:Sheet!7: ô C7 (kind): …`.
    public func line(_ language: Language) -> String {
      var text = file
      if let row { text = BatchCSV.rowName(file, row) }
      let place =
        cell.map { language.pick("ô \($0) (\(field))", "cell \($0) (\(field))") } ?? field
      return text + ": " + place + ": " + language(message)
    }
  }

  /// The register's columns, as keys (compared without case: `signedOn` or `signedon`).
  public static let columns = keys.map { $0.lowercased() }
  /// The keys as the register's keys row writes them.
  public static let keys = [
    "decision", "signedOn", "kind", "commune_code", "commune_name", "validTo", "note",
  ]

  /// The decisions read without error, in the order read.
  public private(set) var decisions: [RegisterDecision] = []
  /// Rows read (filled), valid or not.
  public private(set) var rows = 0
  /// The first ``RejectedRows/listed`` errors and warnings found, in the files' order; the rest
  /// are counted (a register of 600,000 bad rows must not hold 600,000 messages).
  public private(set) var errors: [Problem] = []
  public private(set) var warnings: [Problem] = []
  public private(set) var errorsNotListed = 0
  public private(set) var warningsNotListed = 0
  /// Every error, listed or not.
  public var errorCount: Int { errors.count + errorsNotListed }
  public var warningCount: Int { warnings.count + warningsNotListed }

  /// The most rows one register is read up to (all its files together): ten times what the
  /// whole country's communes would need in a decade of decisions. The rest is refused, said
  /// once, so that a register's memory stays bounded (about 1 KB a decision).
  public static let maximumRows = 100_000

  /// Reads and checks every file: `registry` (when units are checked) resolves each row on its
  /// day; `criteria` gives the earliest day a decision may cite and how long a recognition
  /// holds; `today` the latest day a decision may be signed.
  public init(
    files given: [String], registry: UnitRegistry?, criteria: CriteriaSet, today: Day
  ) {
    let files = given.flatMap(Self.expand)
    for path in files { read(path, registry: registry, criteria: criteria, today: today) }
    checkHistory(registry: registry, validity: criteria.recognitionYears)
    // In the order of the files' rows (the checks across rows come after the rows' own).
    let order = Dictionary(files.enumerated().map { (OSName.display($1), $0) }) { first, _ in
      first
    }
    func ordered(_ problems: [Problem]) -> [Problem] {
      func key(_ problem: Problem, _ offset: Int) -> (Int, Int, Int) {
        // A sheet's rows are named `book.xlsx:Sheet!`: its file is the part before the colon.
        let base = problem.file.split(separator: ":").first.map(String.init) ?? problem.file
        return (order[problem.file] ?? order[base] ?? 0, problem.row ?? 0, offset)
      }
      return problems.enumerated().sorted {
        key($0.element, $0.offset) < key($1.element, $1.offset)
      }
      .map(\.element)
    }
    errors = ordered(errors)
    warnings = ordered(warnings)
  }

  /// Lists a problem while fewer than ``RejectedRows/listed`` of its kind are, else counts it.
  private mutating func listProblem(warning: Bool = false, _ problem: Problem) {
    if warning {
      if warnings.count < RejectedRows.listed {
        warnings.append(problem)
      } else {
        warningsNotListed += 1
      }
    } else if errors.count < RejectedRows.listed {
      errors.append(problem)
    } else {
      errorsNotListed += 1
    }
  }

  /// Whether the register is full: said once, on the first row past ``maximumRows``.
  private mutating func isFull(_ file: String, row: Int) -> Bool {
    guard rows >= Self.maximumRows else { return false }
    listProblem(
      Problem(
        file: file, row: row, cell: nil, field: "(file)",
        message: Message(
          "sổ quyết định chỉ được đọc đến \(Self.maximumRows) dòng; từ dòng này trở đi không được "
            + "đọc (tách sổ theo tỉnh hoặc theo giai đoạn)",
          "a register is read up to \(Self.maximumRows) rows; from this row on it is not read "
            + "(split it by province or by period)")))
    return true
  }

  // MARK: Reading

  /// A folder stands for its register files (`.csv`, `.xlsx`, `.jsonl`, not hidden), in the
  /// order of their names: a register kept one file per batch of decisions, as `ytxa serve`
  /// keeps it. Anything else is read as a file.
  static func expand(_ path: String) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
    else { return [path] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.filter { name in
      !name.hasPrefix(".")
        && [".csv", ".xlsx", ".jsonl"].contains { name.lowercased().hasSuffix($0) }
    }
    .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    .map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
  }

  private mutating func read(
    _ path: String, registry: UnitRegistry?, criteria: CriteriaSet, today: Day
  ) {
    let file = OSName.display(path)
    if path.lowercased().hasSuffix(".jsonl") {
      readLines(path, file: file, registry: registry, criteria: criteria, today: today)
      return
    }
    switch BatchCSV.openTable(path: path, criteria: nil, known: Self.columns) {
    case nil:
      listProblem(
        Problem(
          file: file, row: nil, cell: nil, field: "(file)",
          message: Message(
            "không phải tệp sổ quyết định (.csv, .xlsx hoặc .jsonl)",
            "not a register file (.csv, .xlsx or .jsonl)")))
    case .failure(let error)?:
      listProblem(
        Problem(file: file, row: nil, cell: nil, field: "(file)", message: error.message))
    case .success(let table)?:
      let isSheet = table.file.hasSuffix("!")
      while let record = table.nextRecord() {
        if isFull(table.file, row: record.line) { break }
        var cells: [String: (text: String, cell: String?)] = [:]
        for (index, column) in table.columns.enumerated() where index < record.fields.count {
          let cell = isSheet ? XLSXWriter.columnName(index) + "\(record.line)" : nil
          cells[column] = (record.fields[index].trimmedCell, cell)
        }
        take(
          cells, file: table.file, row: record.line, registry: registry, criteria: criteria,
          today: today)
      }
      if let failure = table.failure {
        listProblem(
          Problem(file: file, row: nil, cell: nil, field: "(file)", message: failure.message))
      }
    }
  }

  /// A `.jsonl` register: one JSON object per line, with the table's keys.
  private mutating func readLines(
    _ path: String, file: String, registry: UnitRegistry?, criteria: CriteriaSet, today: Day
  ) {
    let bytes: [UInt8]
    switch FileSystem.read(path, limit: .table) {
    case .success(let read): bytes = read
    case .failure(let failure):
      listProblem(
        Problem(file: file, row: nil, cell: nil, field: "(file)", message: failure.message))
      return
    }
    var line = 0
    for text in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
      line += 1
      guard text.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
      if isFull(file, row: line) { break }
      let object: JSONObject
      do throws(JSONSyntaxError) {
        guard case .object(let found) = try JSONParser.parse(Array(text)) else {
          listProblem(
            Problem(
              file: file, row: line, cell: nil, field: "(line)",
              message: Message("phải là một đối tượng JSON", "must be a JSON object")))
          continue
        }
        object = found
      } catch {
        listProblem(
          Problem(
            file: file, row: line, cell: nil, field: "(line)",
            message: Message("không phải JSON hợp lệ: ", "not valid JSON: ") + error.message))
        continue
      }
      var cells: [String: (text: String, cell: String?)] = [:]
      for member in object.members {
        let key = member.key.lowercased()
        guard Self.columns.contains(key) else {
          listProblem(
            Problem(
              file: file, row: line, cell: nil, field: member.key,
              message: Message(
                "không phải khóa của sổ quyết định; các khóa: ",
                "is not a key of the register; the keys: ")
                + Self.columns.joined(separator: ", ")))
          continue
        }
        switch member.value {
        case .string(let value): cells[key] = (value.trimmedCell, nil)
        case .null: break
        default:
          listProblem(
            Problem(
              file: file, row: line, cell: nil, field: member.key,
              message: Message("phải là một chuỗi", "must be a string")))
        }
      }
      take(cells, file: file, row: line, registry: registry, criteria: criteria, today: today)
    }
  }

  // MARK: One row

  /// Checks one row's cells and keeps its decision when it has no error.
  private mutating func take(
    _ cells: [String: (text: String, cell: String?)], file: String, row: Int,
    registry: UnitRegistry?, criteria: CriteriaSet, today: Day
  ) {
    rows += 1
    var problems: [Problem] = []
    func problem(_ field: String, _ message: Message) {
      problems.append(
        Problem(file: file, row: row, cell: cells[field]?.cell, field: field, message: message))
    }
    func text(_ field: String) -> String? {
      guard let value = cells[field]?.text, !value.isEmpty else { return nil }
      if let hazard = UnsafeText.firstHazard(in: value) {
        problem(field, Message.hazard(hazard, in: value))
        return nil
      }
      return value
    }
    func required(_ field: String) -> String? {
      if let value = text(field) { return value }
      if cells[field]?.text.isEmpty ?? true, !problems.contains(where: { $0.field == field }) {
        problem(field, Message("bắt buộc, đang trống", "required, empty"))
      }
      return nil
    }
    func day(_ field: String, required isRequired: Bool) -> Day? {
      guard let value = isRequired ? required(field) : text(field) else { return nil }
      guard let day = TableSpelling.day(value) else {
        problem(
          field,
          Message(
            "\"\(value.abbreviated)\" không phải ngày; ghi ngày/tháng/năm như 15/06/2025 (hoặc "
              + "2025-06-15)",
            "\"\(value.abbreviated)\" is not a date; write day/month/year as 15/06/2025 (or "
              + "2025-06-15)"))
        return nil
      }
      return day
    }
    let decision = required("decision")
    let signedOn = day("signedon", required: true)
    var kind: RegisterDecision.Kind?
    if let written = required("kind") {
      let options = RegisterDecision.Kind.allCases.map { (key: $0.rawValue, label: $0.vietnamese) }
      switch TableSpelling.match(written, among: options) {
      case .key(let key): kind = RegisterDecision.Kind(rawValue: key)
      case .ambiguous, .none:
        problem(
          "kind",
          Message(
            "\"\(written.abbreviated)\" không phải loại quyết định; ghi công nhận "
              + "(recognition), công nhận lại (re-recognition) hoặc thu hồi (withdrawal)",
            "\"\(written.abbreviated)\" is not a kind of decision; write recognition (công "
              + "nhận), re-recognition (công nhận lại) or withdrawal (thu hồi)"))
      }
    }
    var code: CommuneCode?
    if let written = required("commune_code") {
      switch CommuneCode.parse(written) {
      case .success(let parsed): code = parsed
      case .failure(let why): problem("commune_code", why.message)
      }
    }
    let name = required("commune_name")
    let validTo = day("validto", required: false)
    let note = text("note")
    if let signedOn {
      if let effective = Day(iso: criteria.effectiveDate), signedOn < effective {
        problem(
          "signedon",
          Message(
            "ký ngày \(signedOn.vietnamese), trước ngày bộ tiêu chí \(criteria.id) có hiệu lực "
              + "(\(effective.vietnamese))",
            "signed on \(signedOn.iso), before criteria set \(criteria.id) took effect "
              + "(\(effective.iso))"))
      }
      if signedOn > today {
        problem(
          "signedon",
          Message(
            "ký ngày \(signedOn.vietnamese), sau hôm nay (\(today.vietnamese))",
            "signed on \(signedOn.iso), after today (\(today.iso))"))
      }
      if let validTo, validTo < signedOn {
        problem(
          "validto",
          Message(
            "hết hiệu lực \(validTo.vietnamese), trước ngày ký \(signedOn.vietnamese)",
            "last day \(validTo.iso) is before the day it was signed, \(signedOn.iso)"))
      }
    }
    if kind == .withdrawal, validTo != nil {
      problem(
        "validto",
        Message(
          "một quyết định thu hồi không có ngày hết hiệu lực; để trống",
          "a withdrawal has no last day in force; leave it empty"))
    }
    var unit: Int?
    if let registry, let code, let signedOn {
      let resolver = UnitResolver(registry: registry)
      switch registry.lookup(code, on: signedOn) {
      case .unit(let found): unit = found
      case .uncertain(let candidates):
        unit =
          candidates.first { resolver.sameName(registry.units[$0], name ?? "") }
          ?? candidates[0]
        listProblem(
          warning: true,
          Problem(
            file: file, row: row, cell: cells["commune_code"]?.cell, field: "commune_code",
            message: Message(
              "ngày \(signedOn.vietnamese) nằm trong khoảng danh mục không biết ngày thay đổi; "
                + "đã đối chiếu với \(registry.units[unit!].name)",
              "\(signedOn.iso) falls in a window whose change day the registry does not know; "
                + "resolved to \(registry.units[unit!].name)")))
      case .none: problem("commune_code", resolver.noUnit(code, on: signedOn, dateField: nil))
      }
      if let unit, let name, !resolver.sameName(registry.units[unit], name) {
        listProblem(
          warning: true,
          Problem(
            file: file, row: row, cell: cells["commune_name"]?.cell, field: "commune_name",
            message: Message(
              "\"\(name)\" khác tên trong danh mục ngày \(signedOn.vietnamese): "
                + "\"\(registry.units[unit].name)\"",
              "\"\(name)\" differs from the registry's name on \(signedOn.iso): "
                + "\"\(registry.units[unit].name)\"")))
      }
    }
    guard problems.isEmpty, let decision, let signedOn, let kind, let code, let name else {
      for problem in problems { listProblem(problem) }
      return
    }
    decisions.append(
      RegisterDecision(
        decision: decision, signedOn: signedOn, kind: kind, communeCode: code,
        communeName: name.nfc, validTo: validTo, note: note, file: file, row: row, unit: unit))
  }

  // MARK: Across rows

  /// The key a commune's decisions are grouped by: its registry unit, else its code.
  private static func key(_ decision: RegisterDecision) -> String {
    decision.unit.map { "#\($0)" } ?? decision.communeCode.digits
  }

  /// Repeats, withdrawals of a commune not recognised that day, re-recognitions of a commune
  /// never recognised (nor any unit it was formed from): each an error, and the row left out.
  private mutating func checkHistory(registry: UnitRegistry?, validity: Int) {
    var seen: [String: String] = [:]
    var kept: [RegisterDecision] = []
    for decision in decisions {
      let same = decision.communeCode.digits + "\u{0}" + decision.decision.nfc
      if let first = seen[same] {
        listProblem(
          problem(
            decision, "decision",
            Message(
              "quyết định \(decision.decision) cho xã \(decision.communeCode) đã có ở \(first)",
              "decision \(decision.decision) for commune \(decision.communeCode) is already at "
                + first)))
        continue
      }
      seen[same] = decision.source
      kept.append(decision)
    }
    // Recognition by the recognitions alone: what a withdrawal may end, what was ever held.
    let recognitions = kept.filter { $0.kind != .withdrawal }
    var everRecognised: [String: [Day]] = [:]
    for decision in recognitions {
      everRecognised[Self.key(decision), default: []].append(decision.signedOn)
    }
    // Under the lenient policy: a withdrawal is valid when the unit may be recognised that day
    // by any policy (a unit formed by a merger inherits under `inherit`).
    let byUnit = registry.map { registry in
      UnitRecognition(
        registry: registry,
        decisions: Dictionary(grouping: recognitions.filter { $0.unit != nil }, by: { $0.unit! }),
        policy: .inherit, validity: validity)
    }
    let recognitionsByKey = Dictionary(grouping: recognitions, by: Self.key)
    var lastWithdrawal: [String: Day] = [:]
    var valid: [RegisterDecision] = []
    for decision in kept.sorted(by: { $0.signedOn < $1.signedOn }) {
      let key = Self.key(decision)
      switch decision.kind {
      case .withdrawal:
        let held: Day?  // the start of the recognition in force that day
        if let byUnit, let unit = decision.unit {
          held = byUnit.period(unit, on: decision.signedOn)?.from
        } else {
          held =
            (recognitionsByKey[key] ?? []).last {
              $0.signedOn <= decision.signedOn
                && ($0.lastDay(validity: validity) ?? $0.signedOn) >= decision.signedOn
            }?.signedOn
        }
        // Recognised that day, and not withdrawn already since that recognition began.
        guard let held, lastWithdrawal[key].map({ $0 < held }) ?? true else {
          listProblem(
            problem(
              decision, "kind",
              Message(
                "thu hồi xã \(decision.communeCode) ngày \(decision.signedOn.vietnamese) nhưng "
                  + "ngày đó xã không được công nhận",
                "withdraws commune \(decision.communeCode) on \(decision.signedOn.iso), but it "
                  + "is not recognised that day")))
          continue
        }
        lastWithdrawal[key] = decision.signedOn
      case .reRecognition:
        var earlier = (everRecognised[key] ?? []).contains { $0 < decision.signedOn }
        if !earlier, let registry, let unit = decision.unit {
          // A unit formed from others was recognised before when one of them was.
          var pending = registry.units[unit].predecessors.map(\.unit)
          var visited = Set(pending)
          while let next = pending.popLast(), !earlier {
            earlier = (everRecognised["#\(next)"] ?? []).contains { $0 < decision.signedOn }
            for link in registry.units[next].predecessors where visited.insert(link.unit).inserted {
              pending.append(link.unit)
            }
          }
        }
        guard earlier else {
          listProblem(
            problem(
              decision, "kind",
              Message(
                "công nhận lại xã \(decision.communeCode) nhưng trước ngày "
                  + "\(decision.signedOn.vietnamese) xã chưa từng được công nhận; ghi công nhận",
                "re-recognises commune \(decision.communeCode), but it was never recognised "
                  + "before \(decision.signedOn.iso); write recognition")))
          continue
        }
      case .recognition: break
      }
      valid.append(decision)
    }
    decisions = valid
  }

  private func problem(_ decision: RegisterDecision, _ field: String, _ message: Message)
    -> Problem
  {
    Problem(file: decision.file, row: decision.row, cell: nil, field: field, message: message)
  }

  /// The valid decisions by the registry unit they name.
  public var byUnit: [Int: [RegisterDecision]] {
    var grouped: [Int: [RegisterDecision]] = [:]
    for decision in decisions {
      if let unit = decision.unit { grouped[unit, default: []].append(decision) }
    }
    return grouped
  }

  /// Recognition of the registry's units from the valid decisions (interfaces §9, §6).
  public func recognition(
    registry: UnitRegistry, policy: MergePolicy, validity: Int
  ) -> UnitRecognition {
    UnitRecognition(registry: registry, decisions: byUnit, policy: policy, validity: validity)
  }
}
