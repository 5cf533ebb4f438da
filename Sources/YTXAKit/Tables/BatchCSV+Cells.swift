import YTXAFormats

extension BatchCSV {
  /// The key under which a row keeps its table's column keys, in order and joined by `,` (one
  /// string shared by every row), so that a problem can name the cell (`Q7`) as well as the
  /// field. Keys never hold a `,`, and `\u{0}` starts no column.
  static let columnsKey = "\u{0}columns"

  /// `error` with each problem's cell named first (`ô Q7 (cột 3_num): …`) when its field comes
  /// from one column of the row; other problems as they were.
  static func locating(_ error: EvidenceError, fields: [String: String], row: Int)
    -> EvidenceError
  {
    guard case .invalid(let file, let commune, let problems) = error,
      let columns = fields[columnsKey]?.split(separator: ",").map(String.init)
    else { return error }
    return .invalid(
      file: file, commune: commune,
      problems: problems.map { problem in
        guard let key = column(of: problem.field, fields: fields),
          let position = columns.firstIndex(of: key)
        else { return problem }
        var located = problem
        let cell = XLSXWriter.columnName(position) + String(row)
        located.message =
          Message("ô \(cell) (cột \(key)): ", "cell \(cell) (column \(key)): ") + problem.message
        return located
      })
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
