/// One problem found in a JSON input, at a path such as `evidence.3.numerator`.
public struct FieldProblem: Sendable, Hashable {
  /// Where: dotted keys and `[index]`s from the document root.
  public var path: String
  /// What is wrong and what would be valid.
  public var message: Message
  /// A required key is absent (or null), rather than wrong.
  public var isMissing = false

  /// Creates a problem.
  public init(path: String, message: Message, isMissing: Bool = false) {
    self.path = path
    self.message = message
    self.isMissing = isMissing
  }
}

/// Reads typed fields out of a JSON object, recording every problem instead of stopping at the
/// first, and remembering which keys were read so that unknown keys can be reported.
package struct FieldReader {
  package let object: JSONObject
  package let path: String

  package init(_ object: JSONObject, path: String) {
    self.object = object
    self.path = path
  }

  /// The path of a member (a very long key shortened, as in every message that quotes input).
  package func child(_ key: String) -> String {
    path.isEmpty ? key.abbreviated : "\(path).\(key.abbreviated)"
  }

  /// Reports every key not in `allowed`.
  package func rejectUnknownKeys(allowed: [String], into problems: inout [FieldProblem]) {
    for member in object.members where !allowed.contains(member.key) {
      let key = member.key
      problems.append(
        FieldProblem(
          path: child(key),
          message: Message(
            "khóa \"\(key.abbreviated)\" không có trong mẫu\(suggestion(for: key, among: allowed, in: .vi)); "
              + "các khóa hợp lệ: " + allowed.joined(separator: ", "),
            "unknown key \"\(key.abbreviated)\"\(suggestion(for: key, among: allowed, in: .en)); "
              + "allowed keys: " + allowed.joined(separator: ", "))))
    }
  }

  /// The raw value, or a "missing" problem when required.
  package func value(_ key: String, required: Bool, into problems: inout [FieldProblem])
    -> JSONValue?
  {
    if let value = object[key], value != .null { return value }
    if required {
      problems.append(
        FieldProblem(
          path: child(key),
          message: Message("thiếu khóa bắt buộc \"\(key)\"", "required key \"\(key)\" is missing"),
          isMissing: true))
    }
    return nil
  }

  package func string(_ key: String, required: Bool = true, into problems: inout [FieldProblem])
    -> String?
  {
    guard let value = value(key, required: required, into: &problems) else { return nil }
    guard case .string(let string) = value else {
      problems.append(wrongType(key, expected: JSONValue.string("").kind, found: value))
      return nil
    }
    if string.isBlank {
      problems.append(FieldProblem(path: child(key), message: .mustNotBeEmpty))
      return nil
    }
    if let hazard = UnsafeText.firstHazard(in: string) {
      problems.append(FieldProblem(path: child(key), message: .hazard(hazard, in: string)))
      return nil
    }
    return string
  }

  package func bool(_ key: String, required: Bool = true, into problems: inout [FieldProblem])
    -> Bool?
  {
    guard let value = value(key, required: required, into: &problems) else { return nil }
    guard case .bool(let bool) = value else {
      problems.append(
        wrongType(key, expected: Message("true hoặc false", "true or false"), found: value))
      return nil
    }
    return bool
  }

  package func decimal(_ key: String, required: Bool = true, into problems: inout [FieldProblem])
    -> ExactDecimal?
  {
    guard let value = value(key, required: required, into: &problems) else { return nil }
    return Self.decimal(value, path: child(key), into: &problems)
  }

  package func integer(_ key: String, required: Bool = true, into problems: inout [FieldProblem])
    -> Int?
  {
    guard let value = value(key, required: required, into: &problems) else { return nil }
    return Self.integer(value, path: child(key), into: &problems)
  }

  /// A whole number within `range`; anything outside is a problem naming the range.
  package func integer(
    _ key: String, in range: ClosedRange<Int>, required: Bool = true,
    into problems: inout [FieldProblem]
  ) -> Int? {
    guard let value = value(key, required: required, into: &problems) else { return nil }
    return Self.integer(value, path: child(key), in: range, into: &problems)
  }

  package func objectReader(
    _ key: String, required: Bool = true, into problems: inout [FieldProblem]
  )
    -> FieldReader?
  {
    guard let value = value(key, required: required, into: &problems) else { return nil }
    guard case .object(let object) = value else {
      problems.append(wrongType(key, expected: JSONValue.object(JSONObject()).kind, found: value))
      return nil
    }
    return FieldReader(object, path: child(key))
  }

  package func array(_ key: String, required: Bool = true, into problems: inout [FieldProblem])
    -> [JSONValue]?
  {
    guard let value = value(key, required: required, into: &problems) else { return nil }
    guard case .array(let array) = value else {
      problems.append(wrongType(key, expected: JSONValue.array([]).kind, found: value))
      return nil
    }
    return array
  }

  package func wrongType(_ key: String, expected: Message, found: JSONValue) -> FieldProblem {
    FieldProblem(
      path: child(key),
      message: Message("phải là ", "must be ") + expected + Message(", gặp ", ", found ")
        + found.kind)
  }

  // `path` is built only when there is a problem to report (it is on the hot path otherwise).
  package static func decimal(
    _ value: JSONValue, path: @autoclosure () -> String, into problems: inout [FieldProblem]
  ) -> ExactDecimal? {
    guard case .number(let literal) = value else {
      problems.append(
        FieldProblem(
          path: path(),
          message: Message("phải là một số, gặp ", "must be a number, found ") + value.kind))
      return nil
    }
    guard let decimal = ExactDecimal(literal: literal) else {
      problems.append(
        FieldProblem(
          path: path(),
          message: Message(
            "số \(literal.abbreviated) vượt giới hạn (tối đa \(ExactDecimal.maximumScale) chữ số "
              + "thập phân và 18 chữ số)",
            "the number \(literal.abbreviated) is out of range (at most \(ExactDecimal.maximumScale) "
              + "decimal places and 18 digits)")))
      return nil
    }
    return decimal
  }

  package static func integer(
    _ value: JSONValue, path: @autoclosure () -> String, into problems: inout [FieldProblem]
  ) -> Int? {
    // Fast path: up to 18 plain digits (optionally negative) are a whole number as written.
    if case .number(let literal) = value, let integer = plainInteger(literal) { return integer }
    guard let decimal = decimal(value, path: path(), into: &problems) else { return nil }
    guard let integer = decimal.integerValue else {
      problems.append(
        FieldProblem(
          path: path(),
          message: Message(
            "phải là số nguyên, gặp \(decimal)", "must be a whole number, found \(decimal)")))
      return nil
    }
    return Int(integer)
  }

  /// A whole number within `range` (the bounds every number read from a file must have, so
  /// that no sum or product of them can overflow).
  package static func integer(
    _ value: JSONValue, path: @autoclosure () -> String, in range: ClosedRange<Int>,
    into problems: inout [FieldProblem]
  ) -> Int? {
    guard let integer = integer(value, path: path(), into: &problems) else { return nil }
    guard range.contains(integer) else {
      problems.append(
        FieldProblem(
          path: path(),
          message: Message(
            "phải từ \(range.lowerBound) đến \(range.upperBound), gặp \(integer)",
            "must be from \(range.lowerBound) to \(range.upperBound), found \(integer)")))
      return nil
    }
    return integer
  }

  /// `literal` as an integer when it is `-?[0-9]{1,18}` (the JSON grammar already excludes
  /// leading zeros); `nil` otherwise, leaving the general decimal path to decide.
  package static func plainInteger(_ literal: String) -> Int? { plainInteger(literal.utf8) }

  /// The same, for the literal's UTF-8 bytes.
  @inlinable package static func plainInteger(_ literal: some Sequence<UInt8>) -> Int? {
    var value = 0
    var digits = 0
    var isNegative = false
    for byte in literal {
      if byte == UInt8(ascii: "-"), digits == 0, !isNegative {
        isNegative = true
        continue
      }
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
      digits += 1
    }
    guard digits > 0 else { return nil }
    return isNegative ? -value : value
  }
}

extension String {
  /// The string as quoted in a message: at most 60 characters, then "… (N characters)", so that
  /// a huge bad value does not fill the screen (or the errors file) many times over.
  package var abbreviated: String {
    guard utf8.count > 60 else { return UnsafeText.visible(self) }
    let characters = count
    guard characters > 60 else { return UnsafeText.visible(self) }
    return UnsafeText.visible(String(prefix(60))) + "… (\(characters) characters)"
  }

  /// Whether nothing is left after ``trimmingSpaces``: the same answer, without walking the
  /// characters when the first byte is not a space (then the first character cannot be one).
  package var isBlank: Bool {
    guard let first = utf8.first else { return true }
    switch first {
    case 0x20, 0x09, 0x0A, 0x0D: return trimmingSpaces.isEmpty
    default: return false
    }
  }

  /// The string without leading and trailing spaces, tabs and newlines.
  package var trimmingSpaces: Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return self[first...last]
  }
}

/// ` (did you mean "x"?)` when one of `candidates` is within a small edit distance of `word`.
package func suggestion(for word: String, among candidates: [String], in language: Language)
  -> String
{
  guard let best = closest(to: word, among: candidates) else { return "" }
  return language.pick(" (có phải \"\(best)\"?)", " (did you mean \"\(best)\"?)")
}

/// The same suggestion in both languages.
package func suggestion(for word: String, among candidates: [String]) -> Message {
  Message(
    suggestion(for: word, among: candidates, in: .vi),
    suggestion(for: word, among: candidates, in: .en))
}

extension Message {
  /// "must not be empty".
  package static let mustNotBeEmpty = Message("không được để trống", "must not be empty")

  /// A text field holding a character that would change how a report around it reads (a line
  /// break, a control, a bidirectional control, a noncharacter): refused, with where it is.
  package static func hazard(_ found: (scalar: Unicode.Scalar, position: Int), in text: String)
    -> Message
  {
    let name = UnsafeText.name(found.scalar)
    return Message(
      "\"\(text.abbreviated)\" có ký tự điều khiển \(name) ở vị trí \(found.position) (xuống dòng, "
        + "ký tự điều khiển hay đảo chiều văn bản); chỉ ghi văn bản một dòng",
      "\"\(text.abbreviated)\" holds the control character \(name) at position "
        + "\(found.position) (a line break, a control or a bidirectional control); write one line "
        + "of plain text")
  }
  /// "must be an object".
  package static let mustBeAnObject = Message("phải là một đối tượng", "must be an object")
}

/// The longest word (in UTF-8 bytes) for which a suggestion is looked for: a typo of a key or
/// a choice is short, and the edit distance costs the product of the two lengths, so a longer
/// word gets no suggestion and any bad input is rejected in time linear in its size.
package let maximumSuggestedLength = 64

/// The candidate closest to `word` by edit distance, if close enough to be a likely typo.
package func closest(to word: String, among candidates: [String]) -> String? {
  guard word.utf8.count <= maximumSuggestedLength else { return nil }
  var best: (String, Int)?
  for candidate in candidates where candidate.utf8.count <= maximumSuggestedLength {
    let distance = editDistance(word, candidate)
    if distance <= max(1, min(word.count, candidate.count) / 3), distance < (best?.1 ?? .max) {
      best = (candidate, distance)
    }
  }
  return best?.0
}

/// Edit distance over characters where inserting, deleting, replacing or swapping two
/// neighbours each cost 1 (optimal string alignment), so "--yaer" is one edit from "--year".
package func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
  for i in 0...a.count { table[i][0] = i }
  for j in 0...b.count { table[0][j] = j }
  for i in 1...a.count {
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
      }
    }
  }
  return table[a.count][b.count]
}
