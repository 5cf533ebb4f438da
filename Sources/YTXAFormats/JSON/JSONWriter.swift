/// Writes JSON straight to bytes, streaming, in the one layout every `ytxa` output has: keys in
/// the byte order of their UTF-8 (the writer checks that they come in that order), `,` between
/// members, and — when pretty — each member on its own line indented by two spaces per level,
/// `": "` after a key, empty containers as `{}` and `[]`. ``JSONOutput`` writes its trees through
/// it and `summary.json` is written with it piece by piece. The batch's result lines alone are
/// made by a hand-tuned writer (``BatchLineWriter``: through this one they cost 40 % more
/// instructions per run), whose bytes the tests compare with this writer's on every sample.
package struct JSONWriter<Sink: ByteSink> {
  /// Where the bytes go.
  package var sink: Sink
  private let pretty: Bool
  /// How many containers are open (at most 64, the parser's own nesting limit).
  private var depth = 0
  /// Bit `n`: whether the container open at depth `n + 1` has a member or element already.
  private var hasMembers: UInt64 = 0
  #if DEBUG
    /// Per open object: the last key written (to check the order).
    private var lastKeys: [[UInt8]] = []
  #endif
  private var isAfterKey = false
  /// Levels of indentation the document starts at (it is part of a larger one).
  private let baseIndent: Int

  /// A writer appending to `sink`; `indent` is the level the value stands at, when it is part
  /// of a larger pretty-printed document.
  package init(sink: Sink, pretty: Bool, indent: Int = 0) {
    self.sink = sink
    self.pretty = pretty
    baseIndent = indent
  }

  // MARK: Containers

  package mutating func beginObject() {
    beforeValue()
    sink.put(UInt8(ascii: "{"))
    open()
    #if DEBUG
      lastKeys.append([])
    #endif
  }

  package mutating func endObject() {
    #if DEBUG
      lastKeys.removeLast()
    #endif
    end(UInt8(ascii: "}"))
  }

  package mutating func beginArray() {
    beforeValue()
    sink.put(UInt8(ascii: "["))
    open()
  }

  private mutating func open() {
    depth += 1
    precondition(depth <= 64, "JSON nested deeper than 64 levels")
    hasMembers &= ~(1 << UInt64(depth - 1))
  }

  /// Whether the innermost open container has a member or element already.
  private var isInnermostStarted: Bool { hasMembers & (1 << UInt64(depth - 1)) != 0 }

  package mutating func endArray() { end(UInt8(ascii: "]")) }

  private mutating func end(_ closing: UInt8) {
    let isStarted = isInnermostStarted
    depth -= 1
    if pretty, isStarted { newline() }
    sink.put(closing)
  }

  /// A member's key written in the code (plain ASCII, nothing to escape); its value follows.
  /// Keys of one object must come in the byte order of their UTF-8 (JSON output has sorted
  /// keys, so that files diff cleanly).
  package mutating func key(_ name: StaticString) {
    name.withUTF8Buffer { key($0, isPlain: true) }
  }

  /// A member's key from data (escaped as needed; see ``key(_:)``).
  package mutating func key(text name: String) {
    var name = name
    name.withUTF8 { bytes in
      key(bytes, isPlain: bytes.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C })
    }
  }

  private mutating func key(_ bytes: UnsafeBufferPointer<UInt8>, isPlain: Bool) {
    #if DEBUG
      let last = lastKeys.count - 1
      precondition(
        !isInnermostStarted || lastKeys[last].lexicographicallyPrecedes(bytes),
        "JSON keys out of order: \(String(decoding: bytes, as: UTF8.self)) after "
          + String(decoding: lastKeys[last], as: UTF8.self))
      lastKeys[last] = Array(bytes)
    #endif
    separate()
    if isPlain {
      sink.put(0x22)
      sink.put(bytes)
      sink.put(0x22)
    } else {
      JSONOutput.appendString(String(decoding: bytes, as: UTF8.self), to: &sink)
    }
    sink.put(UInt8(ascii: ":"))
    if pretty { sink.put(UInt8(ascii: " ")) }
    isAfterKey = true
  }

  // MARK: Values

  package mutating func string(_ text: String) {
    beforeValue()
    JSONOutput.appendString(text, to: &sink)
  }

  /// A number written exactly as `text` (which must be a JSON number).
  package mutating func number(_ text: String) {
    beforeValue()
    sink.put(utf8: text)
  }

  package mutating func int(_ value: Int) { number(String(value)) }

  package mutating func number(_ value: some JSONNumber) {
    beforeValue()
    value.appendJSON(to: &sink)
  }

  package mutating func bool(_ value: Bool) {
    beforeValue()
    value ? sink.put("true") : sink.put("false")
  }

  package mutating func null() {
    beforeValue()
    sink.put("null")
  }

  /// A whole tree (objects with their keys sorted).
  package mutating func value(_ output: JSONOutput) {
    switch output {
    case .null: null()
    case .bool(let value): bool(value)
    case .number(let text): number(text)
    case .string(let text): string(text)
    case .array(let elements):
      beginArray()
      for element in elements { value(element) }
      endArray()
    case .object(let members):
      beginObject()
      for member in members.list {
        key(text: member.key)
        value(member.value)
      }
      endObject()
    }
  }

  // MARK: Layout

  /// Before a value: nothing after a key; in an array, the separator and (pretty) the new line.
  private mutating func beforeValue() {
    if isAfterKey {
      isAfterKey = false
      return
    }
    if depth > 0 { separate() }
  }

  /// The separator before a member or element, and its line when pretty.
  private mutating func separate() {
    if isInnermostStarted {
      sink.put(UInt8(ascii: ","))
    } else {
      hasMembers |= 1 << UInt64(depth - 1)
    }
    if pretty { newline() }
  }

  /// A new line and the indentation of the current level, in one write.
  private mutating func newline() {
    let length = 1 + 2 * (baseIndent + depth)
    if length <= lineStarts.count {
      lineStarts.withUnsafeBufferPointer {
        sink.put(UnsafeBufferPointer(rebasing: $0[..<length]))
      }
    } else {
      sink.put(UInt8(ascii: "\n"))
      for _ in 0..<(baseIndent + depth) { sink.put("  ") }
    }
  }
}

/// A new line followed by the spaces of up to 64 levels of indentation: every pretty-printed
/// line starts with a prefix of it.
private let lineStarts: [UInt8] =
  [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 128)
