import YTXAFormats

// Points in the formats layer: written as JSON numbers, read from criteria files, shown in
// reports. The formats know only `JSONNumber`; what a point is stays here.

extension Points: JSONNumber {
  package var jsonLiteral: String { description }
}

extension JSONEmitter {
  mutating func points(_ value: Points) { number(value) }
}

extension JSONOutput {
  /// Points (`83.5`, `12`).
  package static func points(_ value: Points) -> JSONOutput { .number(value.description) }
}

extension Language {
  /// Points as written in reports: `83,5` / `83.5`.
  public func format(_ points: Points) -> String {
    points.formatted(decimalSeparator: decimalSeparator)
  }
}

extension FieldReader {
  func points(_ key: String, required: Bool = true, into problems: inout [FieldProblem]) -> Points?
  {
    guard let value = value(key, required: required, into: &problems) else { return nil }
    return Self.points(value, path: child(key), into: &problems)
  }

  /// The most points a criteria file may give anything (a whole set has 100): a bound, so that
  /// no sum of points can overflow.
  static let maximumPoints = Points(1000)

  static func points(
    _ value: JSONValue, path: @autoclosure () -> String, into problems: inout [FieldProblem]
  ) -> Points? {
    guard let decimal = decimal(value, path: path(), into: &problems) else { return nil }
    guard let points = Points(decimal), points.halves >= 0, points <= maximumPoints else {
      problems.append(
        FieldProblem(
          path: path(),
          message: Message(
            "điểm phải là bội của 0,5 từ 0 đến \(maximumPoints), gặp \(decimal)",
            "points must be a multiple of 0.5 from 0 to \(maximumPoints), found \(decimal)")))
      return nil
    }
    return points
  }
}
