import YTXAFormats

extension BatchCSV {
  /// The key under which a row keeps its table's column keys, in order and joined by `,` (one
  /// string shared by every row), so that a problem can name the cell (`Q7`) as well as the
  /// field. Keys never hold a `,`, and `\u{0}` starts no column.
  static let columnsKey = "\u{0}columns"
  /// The key under which a row keeps the titles a person reads above the keys row (the
  /// template's labels row), in column order, joined by ``labelSeparator``; absent when the
  /// table has only its keys row.
  static let labelsKey = "\u{0}labels"
  /// Joins the titles of ``labelsKey`` (a character no title holds: a table's cells never
  /// keep C0 controls other than tab and line breaks).
  static let labelSeparator = "\u{1}"

  /// `error` told in the sheet's words: each problem that comes from one cell is placed by that
  /// cell and the column's title as the table shows it (`ô V3 (5. Trạm Y tế xã …)`; the
  /// template's title in `--lang` when the table has only its keys row), with the indicator's
  /// number and name when the title lacks them; a cell left empty that must be filled says so
  /// and what to write. The JSON field path is not shown (it is kept for JSON outputs).
  static func locating(
    _ error: EvidenceError, fields: [String: String], row: Int, criteria: CriteriaSet?
  ) -> EvidenceError {
    guard case .invalid(let file, let commune, let problems) = error,
      let columns = fields[columnsKey]?.split(separator: ",", omittingEmptySubsequences: false)
        .map(String.init)
    else { return error }
    let labels = fields[labelsKey]?.components(separatedBy: labelSeparator)
    // In the order of the row's cells, left to right (a problem of the whole row first).
    let ordered = problems.enumerated().sorted { left, right in
      func position(_ problem: EvidenceError.Problem) -> Int {
        column(of: problem.field, fields: fields).flatMap { columns.firstIndex(of: $0) } ?? -1
      }
      let (a, b) = (position(left.element), position(right.element))
      return a != b ? a < b : left.offset < right.offset
    }.map(\.element)
    return .invalid(
      file: file, commune: commune,
      problems: ordered.map { problem in
        guard let key = column(of: problem.field, fields: fields),
          let position = columns.firstIndex(of: key)
        else {
          var placed = problem
          placed.place = Message(verbatim: "")
          return placed
        }
        let cell = XLSXWriter.columnName(position) + String(row)
        let written = labels.flatMap { $0.indices.contains(position) ? $0[position] : nil }?
          .trimmedCell
        // The title as the sheet shows it: the labels row's, else the key (row 1 of a table
        // with only its keys row).
        var title: Message
        if let written, !written.isEmpty {
          title = Message(verbatim: written.shortened)
        } else {
          title = Message("cột \(key)", "column \(key)")
        }
        let id = problem.indicator ?? EvidenceError.Problem.indicator(ofField: problem.field)
        if let id, let criteria, let indicator = criteria.indicator(id),
          !(written ?? "").nfc.contains(indicator.name.nfc.prefix(20))
        {
          title += Message(
            ", chỉ tiêu \(id). \(indicator.name(in: .vi).shortened)",
            ", indicator \(id). \(indicator.name(in: .en).shortened)")
        }
        var placed = problem
        placed.place = Message("ô \(cell) (", "cell \(cell) (") + title + ")"
        if problem.isMissing {
          placed.message =
            Message("ô để trống; ", "the cell is empty; ") + requiredCell(key, criteria)
        }
        return placed
      })
  }

  /// What a commune cell that must be filled takes.
  private static func requiredCell(_ key: String, _ criteria: CriteriaSet?) -> Message {
    switch key {
    case "year":
      return Message("ghi năm đánh giá, ví dụ 2026", "write the assessment year, e.g. 2026")
    case "zone":
      let zones = (criteria?.zones ?? [1, 2, 3]).map(String.init).joined(separator: ", ")
      return Message(
        "ghi vùng \(zones) (theo khoảng cách từ trạm y tế đến bệnh viện gần nhất)",
        "write vùng \(zones) (by the distance from the health station to the nearest hospital)")
    case "region":
      let regions = (criteria?.regions ?? []).map { "\($0.code) (\($0.name))" }
        .joined(separator: "; ")
      return Message("ghi vùng kinh tế - xã hội: ", "write the socio-economic region: ")
        + Message(verbatim: regions)
    case "commune_code": return Message("ghi mã xã 5 chữ số", "write the 5-digit commune code")
    case "commune_name": return Message("ghi tên xã", "write the commune's name")
    case "commune_type":
      return Message(
        "ghi loại đơn vị: xa, phuong, thi_tran hoặc dac_khu",
        "write the unit type: xa, phuong, thi_tran or dac_khu")
    default: return Message("cần điền ô này", "this cell must be filled")
    }
  }

  /// The column a field of the evidence document was read from, when one column holds it.
  static func column(of field: String, fields: [String: String]) -> String? {
    let parts = field.split(separator: ".").map(String.init)
    switch parts.first {
    case "year": return "year"
    case "assessedOn": return "assessed_on"
    case "criteriaSet": return "criteria_set"
    case "commune":
      guard parts.count >= 2 else { return "commune_code" }
      switch parts[1] {
      case "code": return "commune_code"
      case "name": return "commune_name"
      case "type": return "commune_type"
      case "zone": return "zone"
      case "region": return "region"
      case "district", "province":
        return parts[1] + (parts.count >= 3 && parts[2] == "name" ? "_name" : "_code")
      default: return nil
      }
    case "evidence":
      guard parts.count >= 2 else { return nil }
      let id = String(parts[1].prefix { $0 != "[" })
      if parts.count >= 3, parts[2] == "numerator" { return id + "_num" }
      if parts.count >= 3, parts[2] == "denominator" { return id + "_den" }
      if fields[id] == nil, fields[id + "_num"] != nil { return id + "_num" }
      return id
    case "documents":
      guard parts.count >= 2 else { return nil }
      return String(parts[1].prefix { $0 != "[" }) + "_docs"
    default: return nil
    }
  }
}

extension String {
  /// At most 80 characters, a longer title cut with `…`: a column title in a message.
  fileprivate var shortened: String {
    UnsafeText.visible(count > 80 ? prefix(79) + "…" : self)
  }
}
