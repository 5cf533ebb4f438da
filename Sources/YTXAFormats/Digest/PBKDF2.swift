/// HMAC-SHA256 (RFC 2104) and PBKDF2-HMAC-SHA256 (RFC 8018 §5.2), for the server's passwords:
/// written here, small, because the project takes no dependencies; held by the tests to
/// Python's `hmac` and `hashlib.pbkdf2_hmac` and to the published vectors (RFC 4231, RFC 7914
/// §11).
package enum HMAC {
  /// HMAC-SHA256 of `message` under `key`.
  package static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
    let pads = Pads(key: key)
    var inner = SHA256()
    inner.update(pads.inner)
    inner.update(message)
    var outer = SHA256()
    outer.update(pads.outer)
    outer.update(inner.finalize())
    return outer.finalize()
  }

  /// A key's two padded blocks (key XOR 0x36…, key XOR 0x5c…), a key longer than a block
  /// hashed first.
  struct Pads {
    var inner: [UInt8]
    var outer: [UInt8]

    init(key: [UInt8]) {
      var block = key.count > 64 ? SHA256.digest(key) : key
      block += [UInt8](repeating: 0, count: 64 - block.count)
      inner = block.map { $0 ^ 0x36 }
      outer = block.map { $0 ^ 0x5c }
    }
  }
}

package enum PBKDF2 {
  /// PBKDF2-HMAC-SHA256 of `password` and `salt`, `iterations` rounds, `length` bytes out;
  /// `nil` unless 1 ≤ `iterations` ≤ 100,000,000 and 1 ≤ `length` ≤ 1,024 (a damaged store
  /// must not hang or trap the server). Each round is two block compressions from the key's
  /// precomputed pads: 600,000 rounds take a fraction of a second.
  package static func sha256(
    password: [UInt8], salt: [UInt8], iterations: Int, length: Int
  ) -> [UInt8]? {
    guard (1...100_000_000).contains(iterations), (1...1024).contains(length) else {
      return nil
    }
    let pads = HMAC.Pads(key: password)
    var hash = SHA256()
    hash.update(pads.inner)
    let innerStart = hash.words
    hash = SHA256()
    hash.update(pads.outer)
    let outerStart = hash.words
    var out: [UInt8] = []
    var index: UInt32 = 1
    while out.count < length {
      // U1 = HMAC(P, S || INT(i)).
      let counter = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: index >> UInt32($0)) }
      let first = HMAC.sha256(key: password, message: salt + counter)
      var sum = words(of: first)
      // Un = HMAC(P, Un-1): a 32-byte message after the 64-byte pad is one padded block of
      // 96 bytes in all (0x80, zeros, then 768 as a 64-bit big-endian count).
      var block = [UInt8](repeating: 0, count: 64)
      block[32] = 0x80
      block[62] = 0x03
      var previous = words(of: first)
      var work = SHA256()
      for _ in 1..<iterations {
        write(previous, into: &block)
        let inner = block.withUnsafeBytes { work.words(from: innerStart, after: $0.baseAddress!) }
        write(inner, into: &block)
        previous = block.withUnsafeBytes { work.words(from: outerStart, after: $0.baseAddress!) }
        for i in 0..<8 { sum[i] ^= previous[i] }
      }
      out += sum.flatMap { word in
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) }
      }
      index += 1
    }
    return Array(out.prefix(length))
  }

  /// Eight big-endian words of 32 bytes.
  private static func words(of bytes: [UInt8]) -> [UInt32] {
    (0..<8).map { i in
      bytes[i * 4..<i * 4 + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
  }

  /// Eight words, big-endian, into the first 32 bytes of `block`.
  private static func write(_ words: [UInt32], into block: inout [UInt8]) {
    for (i, word) in words.enumerated() {
      block[i * 4] = UInt8(truncatingIfNeeded: word >> 24)
      block[i * 4 + 1] = UInt8(truncatingIfNeeded: word >> 16)
      block[i * 4 + 2] = UInt8(truncatingIfNeeded: word >> 8)
      block[i * 4 + 3] = UInt8(truncatingIfNeeded: word)
    }
  }
}

/// Comparisons whose time does not depend on where the bytes differ (a digest or a token
/// compared with the stored one).
package enum ConstantTime {
  /// Whether `a` and `b` are equal, looking at every byte of both (lengths are not secret).
  package static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in a.indices { difference |= a[i] ^ b[i] }
    return difference == 0
  }
}
