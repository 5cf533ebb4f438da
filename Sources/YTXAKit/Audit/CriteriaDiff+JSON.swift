import YTXAFormats

/// The diff as JSON: `{"identical", "old", "new", "set", "passRule", "criteria", "indicators"}`,
/// each part's changes as `{"field", "old", "new"}` with the values as written in the files
/// (`null` for a field one file does not have).
extension CriteriaDiff {
  public func json() -> String { jsonOutput.pretty() + "\n" }

  package var jsonOutput: JSONOutput {
    func changes(_ list: [Change]) -> JSONOutput {
      .array(
        list.map { change in
          .object([
            "field": .string(change.field), "old": change.old.map(JSONOutput.init) ?? .null,
            "new": change.new.map(JSONOutput.init) ?? .null,
          ])
        })
    }
    func entries(_ list: [Entry]) -> JSONOutput {
      .array(list.map { .object(["id": .string($0.id), "changes": changes($0.changes)]) })
    }
    func file(_ set: CriteriaSet) -> JSONOutput {
      .object([
        "id": .string(set.id), "file": .string(set.source?.file ?? ""),
        "sha256": .string(set.source?.sha256 ?? ""),
        "legalBasis": .array(set.legalBasis.map { .string($0.number) }),
        "unverified": .int(set.unverifiedCount), "indicators": .int(set.indicators.count),
      ])
    }
    return .object([
      "identical": .bool(isIdentical), "old": file(old), "new": file(new),
      "set": .object(["changes": changes(setFields)]),
      "passRule": .object(["changes": changes(passRule)]),
      "criteria": entries(criteria), "indicators": entries(indicators),
    ])
  }
}

extension JSONOutput {
  /// A parsed value, written back as it was (numbers as their literal text).
  package init(_ value: JSONValue) {
    switch value {
    case .null: self = .null
    case .bool(let flag): self = .bool(flag)
    case .number(let text): self = .number(text)
    case .string(let text): self = .string(text)
    case .array(let list): self = .array(list.map(JSONOutput.init))
    case .object(let object):
      var members: Members = [:]
      for member in object.members { members[member.key] = JSONOutput(member.value) }
      self = .object(members)
    }
  }
}
