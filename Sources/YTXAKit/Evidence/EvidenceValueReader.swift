import YTXAFormats

/// Reads the evidence for one indicator from the JSON tree: turns the value into the raw value
/// its indicator's kind asks for (reporting a value of the wrong shape), then asks
/// ``EvidenceRules`` whether it is valid.
enum EvidenceValueReader {
  static func read(
    _ value: JSONValue, path: String, indicator: Indicator, commune: Commune?,
    into problems: inout [FieldProblem]
  ) -> EvidenceValue? {
    guard let raw = rawValue(value, path: path, indicator: indicator, into: &problems) else {
      return nil
    }
    switch EvidenceRules.value(raw, indicator: indicator) {
    case .success(let evidence): return evidence
    case .failure(let violations):
      for violation in violations.list {
        problems.append(
          FieldProblem(path: path + suffix(violation.field), message: violation.message))
      }
      return nil
    }
  }

  /// `.numerator`, `[2]` or nothing, to follow an indicator's path.
  private static func suffix(_ field: String) -> String {
    field.isEmpty || field.hasPrefix("[") ? field : "." + field
  }

  /// The raw value of the shape `indicator` takes, or `nil` with the problem reported.
  static func rawValue(
    _ value: JSONValue, path: String, indicator: Indicator, into problems: inout [FieldProblem]
  ) -> EvidenceRules.RawValue? {
    if case .object(let object) = value, object[EvidenceKey.notApplicable] != nil {
      let reader = FieldReader(object, path: path)
      reader.rejectUnknownKeys(allowed: [EvidenceKey.notApplicable], into: &problems)
      return reader.string(EvidenceKey.notApplicable, into: &problems).map {
        .notApplicable(reason: $0)
      }
    }
    func wrongKind() -> EvidenceRules.RawValue? {
      problems.append(
        FieldProblem(
          path: path,
          message: EvidenceRules.wrongKind(indicator, found: value.kind)))
      return nil
    }
    switch (indicator.kind, value) {
    case (.yesNo, .bool(let bool)): return .bool(bool)
    case (.choice, .string(let key)): return .string(key)
    case (.checklist, .array(let elements)):
      var keys: [String] = []
      var positions: [Int] = []
      for (index, element) in elements.enumerated() {
        guard case .string(let key) = element else {
          problems.append(
            FieldProblem(
              path: "\(path)[\(index)]",
              message: Message(
                "phải là mã mục (chuỗi), gặp ", "must be an item key (string), found ")
                + element.kind))
          continue
        }
        keys.append(key)
        positions.append(index)
      }
      return .strings(keys, positions: keys.count == elements.count ? nil : positions)
    case (.ratio, .object(let object)):
      let reader = FieldReader(object, path: path)
      if object.members.count != 2 || object.members[0].key != EvidenceKey.Ratio.numerator.rawValue
        || object.members[1].key != EvidenceKey.Ratio.denominator.rawValue
      {
        reader.rejectUnknownKeys(
          allowed: EvidenceKey.Ratio.allCases.map(\.rawValue), into: &problems)
      }
      return .ratio(
        numerator: reader.integer(EvidenceKey.Ratio.numerator.rawValue, into: &problems),
        denominator: reader.integer(EvidenceKey.Ratio.denominator.rawValue, into: &problems))
    case (.count, .number):
      return FieldReader.integer(value, path: path, into: &problems).map { .integer($0) }
    case (.measure, .number):
      return FieldReader.decimal(value, path: path, into: &problems).map { .decimal($0) }
    default:
      return wrongKind()
    }
  }
}
