import YTXAFormats
import YTXAKit

/// One evidence file received from a commune account (interfaces §10): kept immutable under its
/// SHA-256 (its id), with the account, the time and what the pre-check found. Its record is its
/// `submission.add` line in the audit log: the line is what makes the file a submission.
package struct Submission: Sendable, Equatable {
  static let action = "submission.add"
  /// The file types accepted, by extension.
  package static let types = ["json", "csv", "xlsx"]

  /// The SHA-256 of the file's bytes.
  package var id: String
  package var account: String
  /// The commune the evidence is for, and its province.
  package var unit: String
  package var province: String
  /// The name the browser gave the file (its last component), to show.
  package var name: String
  /// `json`, `csv` or `xlsx`.
  package var type: String
  package var size: Int
  /// When it was received (UTC).
  package var at: String
  /// The pre-check: the assessment year, whether it passes, its points.
  package var year: String
  /// The assessment day (`YYYY-MM-DD`) the engine read, which places it in a council round;
  /// empty in records made before it was kept.
  package var assessedOn: String
  package var passed: Bool
  package var total: String
  package var maximum: String

  package init(
    id: String = "", account: String, unit: String, province: String, name: String, type: String,
    size: Int, at: String, year: String, assessedOn: String, passed: Bool, total: String,
    maximum: String
  ) {
    self.id = id
    self.account = account
    self.unit = unit
    self.province = province
    self.name = name
    self.type = type
    self.size = size
    self.at = at
    self.year = year
    self.assessedOn = assessedOn
    self.passed = passed
    self.total = total
    self.maximum = maximum
  }

  var details: [String: String] {
    [
      "id": id, "unit": unit, "province": province, "name": name, "type": type,
      "size": String(size), "year": year, "assessedOn": assessedOn,
      "passed": passed ? "true" : "false", "total": total,
      "max": maximum,
    ]
  }

  init?(record: AuditLog.Record) {
    let d = record.details
    guard record.action == Self.action, let id = d["id"], id.utf8.count == 64,
      Hex.bytes(id) != nil, let unit = d["unit"], let province = d["province"],
      let type = d["type"], Self.types.contains(type), let size = d["size"].flatMap(Int.init)
    else { return nil }
    self.init(
      id: id, account: record.actor, unit: unit, province: province, name: d["name"] ?? "",
      type: type, size: size, at: record.at, year: d["year"] ?? "",
      assessedOn: d["assessedOn"] ?? "", passed: d["passed"] == "true",
      total: d["total"] ?? "", maximum: d["max"] ?? "")
  }

  var json: JSONOutput {
    .object([
      "id": .string(id), "account": .string(account), "commune": .string(unit),
      "province": .string(province), "name": .string(name), "type": .string(type),
      "size": .int(size), "receivedAt": .string(at), "year": .string(year),
      "assessedOn": assessedOn.isEmpty ? .null : .string(assessedOn), "passed": .bool(passed),
      "total": .number(total.isEmpty ? "0" : total),
      "max": .number(maximum.isEmpty ? "0" : maximum),
    ])
  }
}
