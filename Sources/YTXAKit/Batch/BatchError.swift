/// A rejected input, as written to `errors.jsonl`.
public struct BatchError: Error, Sendable, Hashable {
  public var file: String
  public var message: String
  /// The first indicator concerned, when known.
  public var indicator: String?
  /// Every problem, one line each.
  public var problems: [String]
  /// The commune and district, when the file could be read that far.
  public var communeCode: CommuneCode?
  public var districtCode: DistrictCode?
  public var districtName: String?
  /// Position of the source in the input, for ordering.
  var order: Int

  public func jsonOutput() -> JSONOutput {
    var object: [String: JSONOutput] = [
      "file": .string(file), "message": .string(message),
      "problems": .array(problems.map { .string($0) }),
    ]
    if let indicator { object["indicator"] = .string(indicator) }
    if let communeCode { object["commune"] = .string(communeCode.digits) }
    if let districtCode { object["district"] = .string(districtCode.digits) }
    return .object(object)
  }
}
