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

  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]

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
      Self.k.withUnsafeBufferPointer { k in
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
