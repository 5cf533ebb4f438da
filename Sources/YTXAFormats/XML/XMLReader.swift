/// A small pull reader for the XML of the small Office Open XML parts (workbook, relationships,
/// shared strings): elements with their attributes, text with the predefined and numeric
/// character references decoded, CDATA as it is. The syntax is ``XMLTokenizer``'s (comments and
/// processing instructions skipped, a document type declaration refused, anything malformed
/// refused); names are given without their namespace prefix (`x:c` is `c`).
package struct XMLReader {
  /// What the reader meets, in document order.
  package enum Event: Equatable {
    case start(name: String, attributes: [String: String], isEmpty: Bool)
    case end(name: String)
    case text(String)
  }

  /// Why a part is not XML this reader reads.
  package struct Failure: Error, Sendable, Hashable {
    package var message: Message
  }

  private var tokenizer = XMLTokenizer()

  package init(_ bytes: [UInt8]) {
    tokenizer.feed(bytes)
    tokenizer.finish()
  }

  /// The next event, or `nil` at the end of the document.
  package mutating func next() throws(Failure) -> Event? {
    guard let token = try tokenizer.next() else { return nil }
    switch token {
    case .start(let name, let attributes, let isEmpty):
      return .start(
        name: tokenizer.text(of: name), attributes: try tokenizer.attributes(in: attributes),
        isEmpty: isEmpty)
    case .end(let name): return .end(name: tokenizer.text(of: name))
    case .text(let range, true):
      return .text(String(decoding: tokenizer.bytes[range], as: UTF8.self))
    case .text(let range, false): return .text(try tokenizer.text(range))
    }
  }
}
