/// Where written bytes go: an array, or a counter that only adds up how many there would be
/// (so a writer can tell a line's length without making it).
package protocol ByteSink {
  /// How many bytes have been put so far.
  var count: Int { get }
  mutating func put(_ byte: UInt8)
  mutating func put(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {
  package mutating func put(_ byte: UInt8) { append(byte) }
  package mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// Counts bytes without keeping them.
package struct ByteCounter: ByteSink {
  package private(set) var count = 0
  package init() {}
  package mutating func put(_ byte: UInt8) { count += 1 }
  package mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) { count += bytes.count }
}

extension ByteSink {
  package mutating func put(_ text: StaticString) {
    text.withUTF8Buffer { put($0) }
  }

  package mutating func put(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { put($0) }
  }

  /// A string's UTF-8 bytes, as they are.
  package mutating func put(utf8 text: String) {
    var text = text
    text.withUTF8 { put($0) }
  }
}
