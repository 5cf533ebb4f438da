/// Reads the evidence for one indicator according to the indicator's kind.
enum EvidenceValueReader {
  static let ratioKeys = ["numerator", "denominator"]

  static func read(
    _ value: JSONValue, path: String, indicator: Indicator, commune: Commune?,
    into problems: inout [FieldProblem]
  ) -> EvidenceValue? {
    if case .object(let object) = value, object["notApplicable"] != nil {
      return readNotApplicable(object, path: path, indicator: indicator, into: &problems)
    }
    let expected = expectedShape(indicator)
    func wrongKind() -> EvidenceValue? {
      problems.append(
        FieldProblem(
          path: path,
          message: "indicator \(indicator.id) is a \(indicator.kind.name) and takes \(expected); "
            + "found \(value.typeName)"))
      return nil
    }
    switch indicator.kind {
    case .yesNo:
      guard case .bool(let bool) = value else { return wrongKind() }
      return .yesNo(bool)
    case .choice(let options):
      guard case .string(let key) = value else { return wrongKind() }
      guard options.contains(where: { $0.key == key }) else {
        problems.append(
          FieldProblem(
            path: path,
            message:
              "unknown choice \"\(key.abbreviated)\"\(suggestion(for: key, among: options.map(\.key))); "
              + "valid: " + options.map(\.key).joined(separator: ", ")))
        return nil
      }
      return .choice(key)
    case .checklist(let items):
      guard case .array(let elements) = value else { return wrongKind() }
      var keys: [String] = []
      var isValid = true
      for (index, element) in elements.enumerated() {
        let itemPath = "\(path)[\(index)]"
        guard case .string(let key) = element else {
          problems.append(
            FieldProblem(
              path: itemPath, message: "must be an item key (string), found \(element.typeName)"))
          isValid = false
          continue
        }
        if !items.contains(where: { $0.key == key }) {
          problems.append(
            FieldProblem(
              path: itemPath,
              message:
                "unknown item \"\(key.abbreviated)\"\(suggestion(for: key, among: items.map(\.key))); "
                + "valid: " + items.map(\.key).joined(separator: ", ")))
          isValid = false
        } else if keys.contains(key) {
          problems.append(FieldProblem(path: itemPath, message: "item \"\(key)\" is listed twice"))
          isValid = false
        }
        keys.append(key)
      }
      return isValid ? .checklist(keys) : nil
    case .ratio(let ratio):
      guard case .object(let object) = value else { return wrongKind() }
      return readRatio(object, path: path, indicator: indicator, ratio: ratio, into: &problems)
    case .count:
      guard case .number = value else { return wrongKind() }
      guard let count = FieldReader.integer(value, path: path, into: &problems) else { return nil }
      guard count >= 0 else {
        problems.append(FieldProblem(path: path, message: "must not be negative, found \(count)"))
        return nil
      }
      return .count(count)
    case .measure:
      guard case .number = value else { return wrongKind() }
      guard let measure = FieldReader.decimal(value, path: path, into: &problems) else {
        return nil
      }
      guard !(measure < ExactDecimal(0)) else {
        problems.append(FieldProblem(path: path, message: "must not be negative, found \(measure)"))
        return nil
      }
      return .measure(measure)
    }
  }

  static func expectedShape(_ indicator: Indicator) -> String {
    switch indicator.kind {
    case .yesNo: "true or false"
    case .choice: "one choice key (a string)"
    case .checklist: "an array of item keys"
    case .ratio: "{\"numerator\": n, \"denominator\": d}"
    case .count: "a non-negative whole number"
    case .measure: "a non-negative number"
    }
  }

  static func readNotApplicable(
    _ object: JSONObject, path: String, indicator: Indicator, into problems: inout [FieldProblem]
  ) -> EvidenceValue? {
    let reader = FieldReader(object, path: path)
    reader.rejectUnknownKeys(allowed: ["notApplicable"], into: &problems)
    guard let reason = reader.string("notApplicable", into: &problems) else { return nil }
    guard indicator.notApplicable.allowsDeclaration else {
      problems.append(
        FieldProblem(
          path: reader.child("notApplicable"),
          message: "indicator \(indicator.id) cannot be declared not applicable"
            + notApplicableHint(indicator) + "; give \(expectedShape(indicator)) instead"))
      return nil
    }
    return .notApplicable(reason: reason)
  }

  static func notApplicableHint(_ indicator: Indicator) -> String {
    let types = indicator.notApplicable.communeTypes
    guard !types.isEmpty else { return " (the criteria set allows it for no commune)" }
    return " by this commune (it is not applicable only to: "
      + types.map(\.vietnameseName).joined(separator: ", ") + ")"
  }

  static func readRatio(
    _ object: JSONObject, path: String, indicator: Indicator, ratio: Indicator.Ratio,
    into problems: inout [FieldProblem]
  ) -> EvidenceValue? {
    let reader = FieldReader(object, path: path)
    if object.members.count != 2 || object.members[0].key != "numerator"
      || object.members[1].key != "denominator"
    {
      reader.rejectUnknownKeys(allowed: ratioKeys, into: &problems)
    }
    let numerator = reader.integer("numerator", into: &problems)
    let denominator = reader.integer("denominator", into: &problems)
    var isValid = numerator != nil && denominator != nil
    func checkNotNegative(_ key: String, _ value: Int?) {
      if let value, value < 0 {
        problems.append(
          FieldProblem(path: reader.child(key), message: "must not be negative, found \(value)"))
        isValid = false
      }
    }
    checkNotNegative("numerator", numerator)
    checkNotNegative("denominator", denominator)
    guard isValid, let numerator, let denominator else { return nil }
    if denominator == 0, !indicator.notApplicable.zeroDenominator {
      problems.append(
        FieldProblem(
          path: reader.child("denominator"),
          message: "must be more than 0: indicator \(indicator.id) does not allow a zero "
            + "denominator (\(ratio.denominatorLabel))"))
      return nil
    }
    if ratio.unit == .percent, numerator > denominator {
      problems.append(
        FieldProblem(
          path: reader.child("numerator"),
          message: "\(numerator) is more than the denominator \(denominator); a percentage "
            + "cannot exceed 100 %"))
      return nil
    }
    return .ratio(numerator: numerator, denominator: denominator)
  }
}
