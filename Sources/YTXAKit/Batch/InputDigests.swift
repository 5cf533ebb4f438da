import YTXAFormats

/// The SHA-256 and size of each input file of a run, by input order, kept in one flat buffer
/// (32 bytes and a size per input) so that a national run's memory grows by little.
package struct InputDigests: Sendable {
  private var digests: [UInt8]
  private var sizes: [Int]

  /// Room for `count` inputs, none read yet.
  init(count: Int) {
    digests = Array(repeating: 0, count: count * 32)
    sizes = Array(repeating: -1, count: count)
  }

  mutating func set(_ order: Int, digest: [UInt8], size: Int) {
    guard sizes.indices.contains(order), digest.count == 32 else { return }
    digests.replaceSubrange(order * 32..<order * 32 + 32, with: digest)
    sizes[order] = size
  }

  /// The input's SHA-256 in hexadecimal and its size, or `nil` when it was not read (a file
  /// that could not be read, or a table row: the table is hashed as one file).
  package func digest(_ order: Int) -> (sha256: String, size: Int)? {
    guard sizes.indices.contains(order), sizes[order] >= 0 else { return nil }
    return (SHA256.hex(digest: digests[order * 32..<order * 32 + 32]), sizes[order])
  }
}
