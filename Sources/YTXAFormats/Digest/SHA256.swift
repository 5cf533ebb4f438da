import CYTXASHA
import Foundation

/// SHA-256 (FIPS 180-4), for naming the exact files a report or a run was made from. Foundation
/// has no hash on Linux and the project takes no dependencies. Whole blocks go through the
/// processor's SHA instructions where it has them (x86-64 SHA extensions, ARMv8 SHA2, found at
/// run time by the package's small C target `CYTXASHA`), else through the portable code below;
/// `YTXA_SHA256=portable` forces the portable code. The tests hold both to Python's `hashlib`.
package struct SHA256: Sendable {
  /// Which code compresses the blocks.
  package enum Implementation: Sendable {
    /// The processor's SHA instructions.
    case hardware
    /// The Swift code of this file, for any processor.
    case portable
  }

  /// What this process uses: the instructions when the processor has them, unless the
  /// environment says `YTXA_SHA256=portable`.
  package static let preferred: Implementation = {
    if ProcessInfo.processInfo.environment["YTXA_SHA256"] == "portable" { return .portable }
    return ytxa_sha256_hardware_available() == 1 ? .hardware : .portable
  }()

  /// Whether this processor has the instructions (whatever `YTXA_SHA256` says).
  package static var hardwareAvailable: Bool { ytxa_sha256_hardware_available() == 1 }

  /// The code in use, in words: "x86-64 SHA extensions", "ARMv8 SHA2" or "portable Swift".
  package static var implementationName: String {
    preferred == .hardware ? String(cString: ytxa_sha256_hardware_name()) : "portable Swift"
  }

  private var state: [UInt32] = [
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
    0x5be0_cd19,
  ]
  private var pending: [UInt8] = []
  private var length: UInt64 = 0
  private let implementation: Implementation

  /// Starts a hash with the process's ``preferred`` code.
  public init() { implementation = Self.preferred }

  /// Starts a hash with the given code (`.hardware` falls back to portable on a processor
  /// without the instructions); for the tests that hold the two to each other.
  package init(implementation: Implementation) {
    self.implementation = Self.hardwareAvailable ? implementation : .portable
  }

  /// The hash of `bytes`, as 64 lowercase hexadecimal digits.
  public static func hex(_ bytes: some Sequence<UInt8>) -> String {
    var hash = SHA256()
    hash.update(bytes)
    return hash.finalizeHex()
  }

  /// The digest's 32 bytes of `bytes`.
  public static func digest(_ bytes: [UInt8]) -> [UInt8] {
    var hash = SHA256()
    bytes.withUnsafeBytes { hash.update($0) }
    return hash.finalize()
  }

  /// Adds bytes.
  public mutating func update(_ bytes: some Sequence<UInt8>) {
    let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
    if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
  }

  /// Adds bytes from memory.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    length &+= UInt64(bytes.count)
    var start = 0
    // Complete a pending block first, then whole blocks straight from the input.
    if !pending.isEmpty {
      let take = min(64 - pending.count, bytes.count)
      pending += bytes[0..<take]
      start = take
      guard pending.count == 64 else { return }
      pending.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
      pending.removeAll(keepingCapacity: true)
    }
    let blocks = (bytes.count - start) / 64
    if blocks > 0 {
      compress(bytes.baseAddress! + start, blocks: blocks)
      start += blocks * 64
    }
    pending += bytes[start...]
  }

  /// Whole blocks, through the instructions or the portable code.
  private mutating func compress(_ blocks: UnsafeRawPointer, blocks count: Int) {
    switch implementation {
    case .hardware:
      state.withUnsafeMutableBufferPointer { words in
        ytxa_sha256_blocks(
          words.baseAddress!, blocks.assumingMemoryBound(to: UInt8.self), count)
      }
    case .portable:
      for block in 0..<count { compress(blocks + block * 64) }
    }
  }

  /// HMAC's inner loop (``PBKDF2``): from the chaining words `start` (a key's padded block
  /// already compressed), one more 64-byte block, without the byte counting and padding of
  /// `update` and `finalize`; the caller pads the block itself.
  package mutating func words(from start: [UInt32], after block: UnsafeRawPointer) -> [UInt32] {
    state = start
    compress(block, blocks: 1)
    return state
  }

  /// The chaining words after the whole blocks added so far (with nothing pending).
  package var words: [UInt32] { state }

  /// The digest, as 64 lowercase hexadecimal digits.
  public func finalizeHex() -> String { Self.hex(digest: finalize()) }

  /// 32 digest bytes as 64 lowercase hexadecimal digits.
  public static func hex(digest: some Collection<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(digest.count * 2)
    for byte in digest {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 15)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// The digest's 32 bytes.
  public func finalize() -> [UInt8] {
    var copy = self
    let bits = copy.length &* 8
    copy.pending.append(0x80)
    if copy.pending.count > 56 {
      copy.pending += [UInt8](repeating: 0, count: 64 - copy.pending.count)
      copy.pending.withUnsafeBytes { copy.compress($0.baseAddress!, blocks: 1) }
      copy.pending = []
    }
    copy.pending += [UInt8](repeating: 0, count: 56 - copy.pending.count)
    for shift in stride(from: 56, through: 0, by: -8) {
      copy.pending.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
    }
    copy.pending.withUnsafeBytes { copy.compress($0.baseAddress!, blocks: 1) }
    return copy.state.flatMap { word in
      [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) }
    }
  }

  /// One 64-byte block in portable Swift, read in place: the message schedule as a ring of 16 words on the stack,
  /// eight rounds at a time with the working variables renamed instead of moved (FIPS 180-4
  /// §6.2.2; `choice` and `majority` in their two-operation forms).
  private mutating func compress(_ block: UnsafeRawPointer) {
    var (a, b, c, d, e, f, g, h) = (
      state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]
    )
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { w in
      do {
        // The round constants (FIPS 180-4 §4.2.2), read-only in the C target: one table for
        // both codes.
        let k = UnsafeBufferPointer(start: ytxa_sha256_round_constants(), count: 64)
        @inline(__always) func round(
          _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32,
          _ g: UInt32, _ h: inout UInt32, _ i: Int
        ) {
          let s1 = Self.rotate(e, 6) ^ Self.rotate(e, 11) ^ Self.rotate(e, 25)
          let choice = g ^ (e & (f ^ g))
          let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i & 15]
          let s0 = Self.rotate(a, 2) ^ Self.rotate(a, 13) ^ Self.rotate(a, 22)
          let majority = (a & b) | (c & (a | b))
          d = d &+ t1
          h = t1 &+ s0 &+ majority
        }
        for i in 0..<16 {
          w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
        }
        var i = 0
        while i < 64 {
          if i >= 16 {
            for j in i..<i + 8 {
              let x = w[(j - 15) & 15]
              let y = w[(j - 2) & 15]
              let s0 = Self.rotate(x, 7) ^ Self.rotate(x, 18) ^ (x >> 3)
              let s1 = Self.rotate(y, 17) ^ Self.rotate(y, 19) ^ (y >> 10)
              w[j & 15] = w[j & 15] &+ s0 &+ w[(j - 7) & 15] &+ s1
            }
          }
          round(a, b, c, &d, e, f, g, &h, i)
          round(h, a, b, &c, d, e, f, &g, i + 1)
          round(g, h, a, &b, c, d, e, &f, i + 2)
          round(f, g, h, &a, b, c, d, &e, i + 3)
          round(e, f, g, &h, a, b, c, &d, i + 4)
          round(d, e, f, &g, h, a, b, &c, i + 5)
          round(c, d, e, &f, g, h, a, &b, i + 6)
          round(b, c, d, &e, f, g, h, &a, i + 7)
          i += 8
        }
      }
    }
    state[0] &+= a
    state[1] &+= b
    state[2] &+= c
    state[3] &+= d
    state[4] &+= e
    state[5] &+= f
    state[6] &+= g
    state[7] &+= h
  }

  @inline(__always) private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value >> count) | (value << (32 - count))
  }
}
