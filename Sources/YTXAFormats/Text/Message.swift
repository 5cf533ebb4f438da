/// A sentence for a person, in both languages ytxa speaks: a diagnostic or a warning is made
/// once, where the rule is, and the language is chosen where it is shown (`--lang`, Vietnamese by
/// default). Only the failure path builds one, so carrying both costs nothing on the hot path.
public struct Message: Sendable, Hashable, CustomStringConvertible {
  /// The Vietnamese text (the default).
  public var vietnamese: String
  /// The English text.
  public var english: String

  /// A message given in both languages.
  public init(_ vietnamese: String, _ english: String) {
    self.vietnamese = vietnamese
    self.english = english
  }

  /// A message that reads the same in both languages (a code, a number, a quoted value).
  public init(verbatim text: String) {
    self.init(text, text)
  }

  /// The text in `language`.
  public func text(_ language: Language) -> String {
    language.pick(vietnamese, english)
  }

  /// The Vietnamese text.
  public var description: String { vietnamese }

  /// Both messages one after the other.
  public static func + (lhs: Message, rhs: Message) -> Message {
    Message(lhs.vietnamese + rhs.vietnamese, lhs.english + rhs.english)
  }

  /// The message followed by text that reads the same in both languages.
  public static func + (lhs: Message, rhs: String) -> Message {
    Message(lhs.vietnamese + rhs, lhs.english + rhs)
  }

  /// Text that reads the same in both languages, followed by the message.
  public static func + (lhs: String, rhs: Message) -> Message {
    Message(lhs + rhs.vietnamese, lhs + rhs.english)
  }

  /// Appends `rhs` to both texts.
  public static func += (lhs: inout Message, rhs: Message) {
    lhs = lhs + rhs
  }

  /// Whether either text contains `part` (for tests and filters).
  public func contains(_ part: String) -> Bool {
    vietnamese.contains(part) || english.contains(part)
  }
}

extension Language {
  /// The text of `message` in this language.
  public func callAsFunction(_ message: Message) -> String { message.text(self) }
}

extension Sequence<Message> {
  /// The messages one after the other, `separator` between them.
  public func joined(separator: String) -> Message {
    Message(
      map(\.vietnamese).joined(separator: separator), map(\.english).joined(separator: separator))
  }
}
