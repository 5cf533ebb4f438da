/// A number that writes its own JSON literal, exactly (the engine's points adopt it), so that the
/// JSON layer needs no domain type.
package protocol JSONNumber {
  /// The literal (`83.5`, `12`).
  var jsonLiteral: String { get }
  /// Appends the literal's bytes without making a string.
  func appendJSON<Sink: ByteSink>(to out: inout Sink)
}
