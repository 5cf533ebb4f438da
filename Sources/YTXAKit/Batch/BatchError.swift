import YTXAFormats

/// A rejected input, as written to `errors.jsonl`.
public struct BatchError: Error, Sendable, Hashable {
  public var file: String
  /// Every problem on one line.
  public var message: Message
  /// The first indicator concerned, when known.
  public var indicator: String?
  /// Every problem, one line each.
  public var problems: [Message]
  /// The commune and district, when the file could be read that far.
  public var communeCode: CommuneCode?
  public var districtCode: DistrictCode?
  public var districtName: String?
  /// The commune as a person reads it (`Phường Đa Mai (07228)`), when it could be read.
  public var communeLabel: String? = nil
  /// For a duplicate (the same commune and year again): the input counted instead.
  public var duplicateOf: String? = nil
  /// Position of the source in the input, for ordering.
  package var order: Int

  /// The input as the reports list it (``UnreadInputs``).
  package var rejectedInput: RejectedInput {
    RejectedInput(source: file, commune: communeLabel, problems: problems)
  }

  /// The line of `errors.jsonl`, its messages in `language`.
  package func jsonOutput(_ language: Language) -> JSONOutput {
    var object: JSONOutput.Members = [
      "file": .string(file), "message": .string(language(message)),
      "problems": .array(problems.map { .string(language($0)) }),
    ]
    if let indicator { object["indicator"] = .string(indicator) }
    if let communeCode { object["commune"] = .string(communeCode.digits) }
    if let districtCode { object["district"] = .string(districtCode.digits) }
    if let duplicateOf { object["duplicateOf"] = .string(duplicateOf) }
    if let communeLabel { object["communeLabel"] = .string(communeLabel) }
    return .object(object)
  }
}
