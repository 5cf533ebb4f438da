import Foundation
import YTXAFormats

extension BatchCSV {
  /// The criteria set a row names (`criteria_set`), or the default set.
  static func criteriaSetID(_ fields: [String: String]) -> String {
    let named = fields["criteria_set"]?.trimmedCell ?? ""
    return named.isEmpty ? BundledFiles.defaultCriteriaSetID : named
  }

  /// Builds the evidence document of one row; its problems are reported like a JSON file's,
  /// naming `file:row`. Each indicator cell is read as its kind in `criteria` (the set the row
  /// names) asks: `1`/`0` for yes/no, a checklist of one item as a list.
  static func document(
    fields: [String: String], file: String, row: Int, criteria: CriteriaSet?
  ) throws(EvidenceError) -> EvidenceDocument {
    var reader = Row(fields: fields)
    if let count = fields["\u{0}count"] {
      reader.problems.append(
        .init(
          indicator: nil, field: "(row)",
          message: Message(
            "có \(count.split(separator: "/")[0]) ô nhưng dòng tiêu đề có "
              + "\(count.split(separator: "/")[1]); hãy đặt trong ngoặc kép các ô chứa dấu phân cách",
            "has \(count.split(separator: "/")[0]) fields but the header has "
              + "\(count.split(separator: "/")[1]); quote fields that contain the separator")))
    }
    var members: [JSONObject.Member] = [
      .init(key: "schemaVersion", value: .number("1")),
      .init(key: "criteriaSet", value: .string(criteriaSetID(fields))),
    ]
    if let year = reader.number("year", path: "year") {
      members.append(.init(key: "year", value: year))
    }
    if let day = reader.cell("assessed_on") {
      members.append(.init(key: "assessedOn", value: .string(day)))
    }
    members.append(.init(key: "commune", value: .object(reader.commune())))
    // Indicator cells, in column order of their numbers.
    var evidence: [JSONObject.Member] = []
    var documents: [JSONObject.Member] = []
    // The indicator numbers of the columns: each key's leading digits (`21_num` → 21).
    var ids: Set<Int> = []
    for key in fields.keys {
      var number = 0
      var digits = 0
      for byte in key.utf8 {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 9 else { break }
        number = number * 10 + Int(byte - UInt8(ascii: "0"))
        digits += 1
      }
      let rest = key.utf8.dropFirst(digits)
      if digits > 0, rest.isEmpty || rest.first == UInt8(ascii: "_") { ids.insert(number) }
    }
    for id in ids.sorted().map(String.init) {
      if let docs = reader.cell("\(id)_docs") {
        let list = docs.split(separator: "|").map {
          JSONValue.string($0.trimmedCell)
        }
        documents.append(.init(key: id, value: .array(list)))
      }
      if let value = reader.evidence(id, indicator: criteria?.indicator(id)) {
        evidence.append(.init(key: id, value: value))
      }
    }
    members.append(.init(key: "evidence", value: .object(JSONObject(members: evidence))))
    if !documents.isEmpty {
      members.append(.init(key: "documents", value: .object(JSONObject(members: documents))))
    }
    let name = rowName(file, row)
    if !reader.problems.isEmpty {
      throw .invalid(file: name, commune: reader.cell("commune_code"), problems: reader.problems)
    }
    var document = EvidenceDocument(root: JSONObject(members: members), file: name)
    document.warnings = reader.warnings
    return document
  }

  /// One row's cells, read into JSON values, with the problems found on the way.
  private struct Row {
    let fields: [String: String]
    var problems: [EvidenceError.Problem] = []
    var warnings: [Message] = []

    /// A code cell: as written, or with the one leading zero a spreadsheet drops from a code it
    /// took for a number (`7270` → `07270`), which is unambiguous and said in a warning; any
    /// other length is left for the code rule to refuse.
    mutating func code(_ column: String, level: UnitCode) -> String? {
      guard let text = cell(column) else { return nil }
      guard text.utf8.count == level.length - 1,
        text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
      else { return text }
      let padded = "0" + text
      warnings.append(
        Message(
          "cột \(column): \(text) được đọc là \(padded) (bảng tính đã bỏ số 0 ở đầu; hãy định "
            + "dạng cột là văn bản)",
          "column \(column): \(text) read as \(padded) (a spreadsheet dropped the leading zero; "
            + "format the column as text)"))
      return padded
    }

    /// A cell's text, trimmed; `nil` when empty.
    func cell(_ column: String) -> String? {
      guard let value = fields[column]?.trimmedCell, !value.isEmpty
      else { return nil }
      return value
    }

    /// A number cell, by ``CSVNumber``'s rule.
    mutating func number(_ column: String, path: String) -> JSONValue? {
      guard let text = cell(column) else { return nil }
      switch CSVNumber.literal(text) {
      case .success(let literal): return .number(literal)
      case .failure(let problem):
        problems.append(
          .init(
            indicator: nil, field: path,
            message: Message("cột \(column): ", "column \(column): ") + problem.message(cell: text))
        )
        return nil
      }
    }

    /// `{code, name}` from two columns (a key left out when its cell is empty).
    mutating func unit(_ codeColumn: String, _ nameColumn: String, level: UnitCode) -> JSONObject {
      var members: [JSONObject.Member] = []
      if let code = code(codeColumn, level: level) {
        members.append(.init(key: "code", value: .string(code)))
      }
      if let name = cell(nameColumn) { members.append(.init(key: "name", value: .string(name))) }
      return JSONObject(members: members)
    }

    /// The commune object, as a JSON file would give it.
    mutating func commune() -> JSONObject {
      var commune: [JSONObject.Member] = []
      if let code = code("commune_code", level: .commune) {
        commune.append(.init(key: "code", value: .string(code)))
      }
      for (column, key) in [("commune_name", "name"), ("commune_type", "type")] {
        if let value = cell(column) { commune.append(.init(key: key, value: .string(value))) }
      }
      if let zone = number("zone", path: "commune.zone") {
        commune.append(.init(key: "zone", value: zone))
      }
      if let region = cell("region") {
        commune.append(.init(key: "region", value: .string(region)))
      }
      // A unit without a district (since 2025-07-01) leaves both cells empty.
      if cell("district_code") != nil || cell("district_name") != nil {
        commune.append(
          .init(
            key: "district",
            value: .object(unit("district_code", "district_name", level: .district))))
      }
      if cell("province_code") != nil || cell("province_name") != nil {
        commune.append(
          .init(
            key: "province",
            value: .object(unit("province_code", "province_name", level: .province))))
      }
      return JSONObject(members: commune)
    }

    /// An indicator's evidence from its cells, read as its kind asks; `nil` when the cells are
    /// empty or a problem was recorded.
    mutating func evidence(_ id: String, indicator: Indicator?) -> JSONValue? {
      let path = "evidence.\(id)"
      let plain = cell(id)
      let numerator = cell("\(id)_num")
      let denominator = cell("\(id)_den")
      if let declared = [plain, numerator, denominator].compactMap({ $0 }).first(where: isKAD) {
        return .object(
          JSONObject(members: [.init(key: "notApplicable", value: .string(kadReason(declared)))]))
      }
      if numerator != nil || denominator != nil {
        guard let n = number("\(id)_num", path: path + ".numerator"),
          let d = number("\(id)_den", path: path + ".denominator")
        else {
          if numerator == nil || denominator == nil {
            problems.append(
              .init(
                indicator: id, field: path,
                message: Message(
                  "cột \(id)_num và \(id)_den phải cùng được điền hoặc cùng để trống",
                  "columns \(id)_num and \(id)_den must both be filled, or both empty")))
          }
          return nil
        }
        return .object(
          JSONObject(members: [
            .init(key: "numerator", value: n), .init(key: "denominator", value: d),
          ]))
      }
      guard let text = plain else { return nil }
      switch indicator?.kind {
      case .yesNo?:
        guard let answer = yesNo(text) else {
          problems.append(
            .init(
              indicator: id, field: path,
              message: Message(
                "cột \(id): \"\(text.abbreviated)\" không phải có hay không; ghi có hoặc không "
                  + "(cũng nhận: yes/no, true/false, 1/0, x là có)",
                "column \(id): \"\(text.abbreviated)\" is not yes or no; write có or "
                  + "không (also accepted: yes/no, true/false, 1/0, x for yes)")))
          return nil
        }
        return .bool(answer)
      case .checklist?: return .array(checklist(text))
      case .choice?: return .string(text)
      case .count?, .measure?: return number(id, path: path)
      case .ratio?, nil: return value(of: text)
      }
    }
  }

  /// `KAD` or `KAD:…`, in any case (compared byte by byte: only ASCII letters spell it).
  private static func isKAD(_ text: String) -> Bool {
    var bytes = text.utf8.makeIterator()
    guard bytes.next().map({ $0 | 0x20 }) == UInt8(ascii: "k"),
      bytes.next().map({ $0 | 0x20 }) == UInt8(ascii: "a"),
      bytes.next().map({ $0 | 0x20 }) == UInt8(ascii: "d")
    else { return false }
    let next = bytes.next()
    return next == nil || next == UInt8(ascii: ":")
  }

  private static func kadReason(_ text: String) -> String {
    let rest = text.dropFirst(3).drop { $0 == ":" || $0 == " " }
    return rest.isEmpty ? "KAD (không áp dụng)" : String(rest)
  }

  /// A yes/no cell: `có`, `yes`, `true`, `x`, `1` or `không`, `no`, `false`, `0` (any case).
  private static func yesNo(_ text: String) -> Bool? {
    switch text.nfc.lowercased() {
    case "true", "có", "co", "yes", "x", "1": true
    case "false", "không", "khong", "no", "0": false
    default: nil
    }
  }

  /// A checklist cell: item keys separated by `;` (one key is a list of one); `-` or `[]` is an
  /// empty list.
  private static func checklist(_ text: String) -> [JSONValue] {
    guard text != "-", text != "[]" else { return [] }
    return text.split(separator: ";").map { $0.trimmedCell }
      .filter { !$0.isEmpty }.map { .string($0) }
  }

  /// A cell of an indicator the set does not know (or a ratio written in one cell), read by
  /// its look: the criteria set then reports it, exactly as for a JSON file.
  private static func value(of text: String) -> JSONValue {
    if let answer = yesNo(text), !(text == "1" || text == "0") { return .bool(answer) }
    if text == "-" || text == "[]" || text.contains(";") { return .array(checklist(text)) }
    if case .success(let literal) = CSVNumber.literal(text) { return .number(literal) }
    return .string(text)
  }
}
