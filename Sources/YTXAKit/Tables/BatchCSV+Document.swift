import Foundation
import YTXAFormats

extension BatchCSV {
  /// The criteria set a row names (`criteria_set`), or the default set.
  static func criteriaSetID(_ fields: [String: String]) -> String {
    let named = fields["criteria_set"]?.trimmedCell ?? ""
    return named.isEmpty ? BundledFiles.defaultCriteriaSetID : named
  }

  /// One row read as evidence against the set it names, with every problem of the row at once:
  /// those of its cells (a number that is not one, a choice that is not an option) and those the
  /// evidence rules find in what could be read (a vùng that does not exist, a knock-out left
  /// empty …), each located by its cell and column title (``locating(_:fields:row:)``).
  /// `score`, `check` and `batch` read every table row through this.
  package static func read(
    fields: [String: String], file: String, row: Int,
    criteria: (String?) -> Result<CriteriaSet, CriteriaError>
  ) -> (document: EvidenceDocument, reading: Result<Evidence.Reading, EvidenceError>) {
    // The set the row names (its document names the same), resolved once.
    let resolved = criteria(criteriaSetID(fields))
    let named = try? resolved.get()
    let (document, cellProblems) = self.document(
      fields: fields, file: file, row: row, criteria: named)
    func invalid(_ problems: [EvidenceError.Problem], commune: String?) -> Result<
      Evidence.Reading, EvidenceError
    > {
      let label =
        commune
        ?? CommuneType.label(
          code: fields["commune_code"]?.trimmedCell ?? "",
          name: fields["commune_name"]?.trimmedCell ?? "",
          type: fields["commune_type"]?.trimmedCell ?? "")
      return .failure(
        locating(
          .invalid(file: document.file, commune: label, problems: problems), fields: fields,
          row: row, criteria: named))
    }
    let set: CriteriaSet
    switch resolved {
    case .success(let found): set = found
    case .failure(let error):
      guard cellProblems.isEmpty else { return (document, invalid(cellProblems, commune: nil)) }
      return (document, .success(.noCriteria(error)))
    }
    do throws(EvidenceError) {
      let evidence = try Evidence(document: document, criteria: set)
      guard cellProblems.isEmpty else {
        return (document, invalid(cellProblems, commune: nil))
      }
      return (document, .success(.read(evidence, set)))
    } catch {
      guard case .invalid(_, let commune, let found) = error else {
        return (document, .failure(error))
      }
      // A cell already reported (and left out of the document) is not reported again as
      // missing.
      let reported = Set(cellProblems.map(\.field))
      let more = found.filter { problem in
        !reported.contains { problem.field == $0 || $0.hasPrefix(problem.field + ".") }
      }
      return (document, invalid(cellProblems + more, commune: commune))
    }
  }

  /// Builds the evidence document of one row, and the problems of its cells (each cell that has
  /// one is left out of the document). Each indicator cell is read as its kind in `criteria` (the
  /// set the row names) asks: `1`/`0` for yes/no, a checklist of one item as a list, a choice
  /// by its key or its label.
  static func document(
    fields: [String: String], file: String, row: Int, criteria: CriteriaSet?
  ) -> (EvidenceDocument, [EvidenceError.Problem]) {
    var reader = Row(fields: fields, criteria: criteria)
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
    if let day = reader.day("assessed_on", path: "assessedOn") {
      members.append(.init(key: "assessedOn", value: .string(day.iso)))
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
    var document = EvidenceDocument(
      root: JSONObject(members: members), file: rowName(file, row))
    document.warnings = reader.warnings
    return (document, reader.problems)
  }

  /// One row's cells, read into JSON values, with the problems found on the way.
  private struct Row {
    let fields: [String: String]
    let criteria: CriteriaSet?
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
        problems.append(.init(indicator: nil, field: path, message: problem.message(cell: text)))
        return nil
      }
    }

    /// A date cell (``TableSpelling/day(_:)``: `dd/mm/yyyy`, `YYYY-MM-DD` or a date cell).
    mutating func day(_ column: String, path: String) -> Day? {
      guard let text = cell(column) else { return nil }
      guard let day = TableSpelling.day(text) else {
        problems.append(
          .init(
            indicator: nil, field: path,
            message: Message(
              "\"\(text.abbreviated)\" không phải là ngày; ghi ngày/tháng/năm như 15/06/2026 "
                + "(hoặc 2026-06-15, hoặc một ô định dạng ngày)",
              "\"\(text.abbreviated)\" is not a date; write day/month/year as 15/06/2026 "
                + "(or 2026-06-15, or a cell formatted as a date)")))
        return nil
      }
      return day
    }

    /// A cell that names one of `options` by key or label (``TableSpelling/match(_:among:)``):
    /// its key, or `nil` after recording why not (`what` says what the cell is).
    mutating func option(
      _ text: String, among options: [(key: String, label: String)], path: String,
      indicator: String?, what: Message
    ) -> String? {
      switch TableSpelling.match(text, among: options) {
      case .key(let key): return key
      case .ambiguous(let keys):
        problems.append(
          .init(
            indicator: indicator, field: path,
            message: Message(
              "\"\(text.abbreviated)\" có thể là " + keys.joined(separator: " hoặc ")
                + "; ghi đúng dấu tiếng Việt hoặc ghi mã",
              "\"\(text.abbreviated)\" could be " + keys.joined(separator: " or ")
                + "; write it with its Vietnamese accents, or write the key")))
      case .none:
        let valid = options.map { "\($0.label) (\($0.key))" }.joined(separator: "; ")
        problems.append(
          .init(
            indicator: indicator, field: path,
            message: Message(
              "\"\(text.abbreviated)\" không phải ", "\"\(text.abbreviated)\" is not ")
              + what + Message("; ghi một trong: ", "; write one of: ") + valid))
      }
      return nil
    }

    /// A count cell of a ratio (`N_num`, `N_den`) or of a count indicator: a whole number of
    /// people or things. A share (`95%`, or `0.95` from a cell formatted as a percentage) is
    /// refused with what to count instead; anything else is read by ``number(_:path:)``.
    mutating func count(_ column: String, path: String, indicator: Indicator?) -> JSONValue? {
      guard let text = cell(column) else { return nil }
      let isShare =
        text.hasSuffix("%")
        || {
          guard case .success(let literal) = CSVNumber.literal(text),
            let value = ExactDecimal(literal: literal)
          else { return false }
          return !value.isInteger && value < ExactDecimal(2)
        }()
      guard isShare else { return number(column, path: path) }
      var message = Message(
        "\"\(text.abbreviated)\" là một tỷ lệ; ô này cần một số đếm (số nguyên)",
        "\"\(text.abbreviated)\" is a share; this cell needs a count (a whole number)")
      if case .ratio(let ratio)? = indicator?.kind {
        message += Message(
          ": tử số là \(ratio.numeratorLabel), mẫu số là \(ratio.denominatorLabel); ytxa tự tính tỷ lệ",
          ": the numerator is \(ratio.numeratorLabel), the denominator \(ratio.denominatorLabel) "
            + "(as the criteria word them); ytxa works out the share")
      }
      problems.append(.init(indicator: indicator?.id, field: path, message: message))
      return nil
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
        // A region by its code or its name (`Trung du và miền núi phía Bắc`).
        let options = criteria?.regions.map { (key: $0.code, label: $0.name) }
        if let options,
          let code = option(
            region, among: options, path: "commune.region", indicator: nil,
            what: Message("vùng kinh tế - xã hội của bộ tiêu chí", "a region of the criteria set"))
        {
          commune.append(.init(key: "region", value: .string(code)))
        } else if options == nil {
          commune.append(.init(key: "region", value: .string(region)))
        }
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
        let n = count("\(id)_num", path: path + ".numerator", indicator: indicator)
        let d = count("\(id)_den", path: path + ".denominator", indicator: indicator)
        guard let n, let d else {
          if numerator == nil || denominator == nil {
            problems.append(
              .init(
                indicator: id, field: path,
                message: Message(
                  "tử số và mẫu số phải cùng được điền hoặc cùng để trống",
                  "the numerator and the denominator must both be filled, or both left empty")))
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
                "\"\(text.abbreviated)\" không phải có hay không; ghi có hoặc không "
                  + "(cũng nhận: x, 1/0, yes/no)",
                "\"\(text.abbreviated)\" is not yes or no; write có or "
                  + "không (also accepted: x, 1/0, yes/no)")))
          return nil
        }
        return .bool(answer)
      case .checklist(let items)?:
        // Each item by its key or its label; an item that names none is reported and the
        // list left out.
        let options = items.map { (key: $0.key, label: $0.label) }
        var keys: [JSONValue] = []
        var isValid = true
        for (position, item) in checklist(text).enumerated() {
          guard case .string(let written) = item else { continue }
          if let key = option(
            written, among: options, path: path + "[\(position)]", indicator: id,
            what: Message("một mục của chỉ tiêu này", "an item of this indicator"))
          {
            keys.append(.string(key))
          } else {
            isValid = false
          }
        }
        return isValid ? .array(keys) : nil
      case .choice(let choices)?:
        let options = choices.map { (key: $0.key, label: $0.label) }
        return option(
          text, among: options, path: path, indicator: id,
          what: Message("một lựa chọn của chỉ tiêu này", "an option of this indicator")
        ).map { .string($0) }
      case .count?: return count(id, path: path, indicator: indicator)
      case .measure?: return number(id, path: path)
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
