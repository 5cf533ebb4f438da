/// Something a JSON document is written to, member by member, keys in the byte order of their
/// UTF-8: the byte writer (``JSONWriter``, what every output uses) or a tree
/// (``JSONTreeBuilder``, for callers that want a ``JSONOutput`` value). A report's JSON is
/// described once, as a function writing to any emitter, so its bytes are made without building a
/// tree, and the tree, when asked for, is the same document.
package protocol JSONEmitter {
  mutating func beginObject()
  mutating func endObject()
  mutating func beginArray()
  mutating func endArray()
  /// A member's key written in the code (plain ASCII).
  mutating func key(_ name: StaticString)
  /// A member's key from data.
  mutating func key(text name: String)
  mutating func string(_ text: String)
  /// A number written exactly as `text`.
  mutating func number(_ text: String)
  /// A number that writes its own literal (the engine's points).
  mutating func number(_ value: some JSONNumber)
  mutating func bool(_ value: Bool)
  mutating func null()
  /// A whole tree.
  mutating func value(_ output: JSONOutput)
}

extension JSONEmitter {
  package mutating func int(_ value: Int) { number(String(value)) }

  /// An object whose members `body` writes.
  package mutating func object(_ body: (inout Self) -> Void) {
    beginObject()
    body(&self)
    endObject()
  }

  /// An array whose elements `body` writes.
  package mutating func array(_ body: (inout Self) -> Void) {
    beginArray()
    body(&self)
    endArray()
  }

  /// A string, or `null` when there is none.
  package mutating func string(_ text: String?) {
    if let text { string(text) } else { null() }
  }
}

extension JSONWriter: JSONEmitter {}

/// Builds a ``JSONOutput`` tree from what is written to it.
package struct JSONTreeBuilder: JSONEmitter {
  private enum Open {
    case object(JSONOutput.Members, key: String?)
    case array([JSONOutput], key: String?)
  }
  private var stack: [Open] = []
  private var pendingKey: String?
  /// The finished document.
  private(set) var result: JSONOutput = .null

  private mutating func add(_ value: JSONOutput) {
    guard let top = stack.popLast() else {
      result = value
      return
    }
    switch top {
    case .object(var members, let key):
      if let member = pendingKey { members[member] = value }
      pendingKey = nil
      stack.append(.object(members, key: key))
    case .array(var elements, let key):
      elements.append(value)
      stack.append(.array(elements, key: key))
    }
  }

  package mutating func beginObject() {
    stack.append(.object([:], key: pendingKey))
    pendingKey = nil
  }

  package mutating func endObject() {
    guard case .object(let members, let key)? = stack.popLast() else { return }
    pendingKey = key
    add(.object(members))
  }

  package mutating func beginArray() {
    stack.append(.array([], key: pendingKey))
    pendingKey = nil
  }

  package mutating func endArray() {
    guard case .array(let elements, let key)? = stack.popLast() else { return }
    pendingKey = key
    add(.array(elements))
  }

  package mutating func key(_ name: StaticString) { pendingKey = "\(name)" }
  package mutating func key(text name: String) { pendingKey = name }
  package mutating func string(_ text: String) { add(.string(text)) }
  package mutating func number(_ text: String) { add(.number(text)) }
  package mutating func number(_ value: some JSONNumber) { add(.number(value.jsonLiteral)) }
  package mutating func bool(_ value: Bool) { add(.bool(value)) }
  package mutating func null() { add(.null) }
  package mutating func value(_ output: JSONOutput) { add(output) }
}

extension JSONOutput {
  /// The tree `body` writes.
  package static func built(_ body: (inout JSONTreeBuilder) -> Void) -> JSONOutput {
    var builder = JSONTreeBuilder()
    body(&builder)
    return builder.result
  }
}

extension JSONWriter where Sink == [UInt8] {
  /// The pretty-printed bytes `body` writes: a whole document (with its final new line), or an
  /// element of a top-level array (a new line, two spaces, the value one level deep; the
  /// streamed arrays of `score` and `check` put `[`, the `,` and `\n]` around these).
  package static func pretty(arrayElement: Bool, _ body: (inout JSONWriter) -> Void) -> [UInt8] {
    var writer = JSONWriter(
      sink: arrayElement ? Array("\n  ".utf8) : [], pretty: true, indent: arrayElement ? 1 : 0)
    writer.sink.reserveCapacity(1 << 15)
    body(&writer)
    if !arrayElement { writer.sink.append(UInt8(ascii: "\n")) }
    return writer.sink
  }
}
