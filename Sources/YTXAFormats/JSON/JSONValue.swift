/// A JSON document as written, with numbers kept as their literal text so that no value
/// passes through binary floating point, and object members kept in file order.
///
/// `JSONSerialization` would turn `16.5` into a `Double` and silently accept duplicate
/// keys; the criteria and evidence files need neither.
package enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// The number's literal text, exactly as in the file (validated JSON number syntax).
  case number(String)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  /// The value's JSON type as a message names it ("a string", "một chuỗi").
  public var kind: Message {
    switch self {
    case .null: Message(verbatim: "null")
    case .bool: Message("true/false", "true/false")
    case .number: Message("một số", "a number")
    case .string: Message("một chuỗi", "a string")
    case .array: Message("một mảng", "an array")
    case .object: Message("một đối tượng", "an object")
    }
  }

  /// The value as an object, or `nil`.
  public var objectValue: JSONObject? {
    if case .object(let object) = self { object } else { nil }
  }

  /// The value as a string, or `nil`.
  public var stringValue: String? {
    if case .string(let string) = self { string } else { nil }
  }
}

/// A JSON object: members in file order, keys unique (the parser rejects duplicates).
package struct JSONObject: Sendable, Equatable {
  /// One `"key": value` pair.
  public struct Member: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    package init(key: String, value: JSONValue) {
      self.key = key
      self.value = value
    }
  }

  /// The members in the order they appear in the file.
  public var members: [Member]

  /// Creates an object from members (keys are expected to be unique).
  public init(members: [Member] = []) {
    self.members = members
  }

  /// The value for `key`, or `nil` when absent.
  public subscript(key: String) -> JSONValue? {
    for member in members where member.key == key {
      return member.value
    }
    return nil
  }

  /// The keys in file order.
  public var keys: [String] { members.map(\.key) }
}
