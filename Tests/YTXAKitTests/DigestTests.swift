import Foundation
import Testing

@testable import YTXAFormats

/// SHA-256 through the processor's instructions and through the portable Swift code, each held
/// to Python's `hashlib` (an independent implementation) on the FIPS 180-4 examples and on
/// random messages of 0 to 10,000 bytes, whole and fed in random pieces. CI runs this suite a
/// second time with `YTXA_SHA256=portable`, where the process's own choice is the fallback.
@Suite("SHA-256: instructions and portable code against hashlib")
struct DigestTests {
  /// The implementations this machine can run: the portable code always, the instructions
  /// where the processor has them.
  static var implementations: [SHA256.Implementation] {
    SHA256.hardwareAvailable ? [.hardware, .portable] : [.portable]
  }

  static func hex(_ bytes: [UInt8], _ implementation: SHA256.Implementation) -> String {
    var hash = SHA256(implementation: implementation)
    hash.update(bytes)
    return hash.finalizeHex()
  }

  /// hashlib's digests of `messages`, one per line.
  static func hashlib(_ messages: [[UInt8]]) throws -> [String] {
    let folder = try TemporaryFolder()
    var packed: [UInt8] = []
    for message in messages {
      withUnsafeBytes(of: UInt32(message.count).littleEndian) { packed += $0 }
      packed += message
    }
    try Data(packed).write(to: folder.url.appendingPathComponent("messages.bin"))
    let script = """
      import hashlib, struct, sys
      data = open(sys.argv[1], 'rb').read()
      at = 0
      while at < len(data):
          (n,) = struct.unpack_from('<I', data, at)
          print(hashlib.sha256(data[at + 4:at + 4 + n]).hexdigest())
          at += 4 + n
      """
    let output = try Python.run(script, [folder.path + "/messages.bin"], needs: "hashlib")
    return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  @Test("the FIPS 180-4 examples and a million a's, by each implementation")
  func standardVectors() {
    let vectors: [(String, String)] = [
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
      (
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
          + "lmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
      ),
      (
        String(repeating: "a", count: 1_000_000),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
      ),
    ]
    for implementation in Self.implementations {
      for (message, digest) in vectors {
        #expect(
          Self.hex(Array(message.utf8), implementation) == digest,
          "\(implementation) on \(message.prefix(20)) (\(message.utf8.count) bytes)")
      }
    }
  }

  @Test("random messages of 0 to 10,000 bytes, whole and in random pieces, agree with hashlib")
  func randomLengths() throws {
    var random = SystemRandomNumberGenerator()
    // Every length up to 200 (all the padding cases), then random ones to 10,000.
    let lengths = Array(0...200) + (0..<300).map { _ in Int.random(in: 0...10_000, using: &random) }
    let messages = lengths.map { length in
      (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
    }
    let expected = try Self.hashlib(messages)
    try #require(expected.count == messages.count)
    for implementation in Self.implementations {
      for (message, digest) in zip(messages, expected) {
        #expect(
          Self.hex(message, implementation) == digest, "\(implementation), \(message.count) bytes")
        // The same message in random pieces: the pending block crosses every boundary.
        var hash = SHA256(implementation: implementation)
        var start = 0
        while start < message.count {
          let end = min(message.count, start + Int.random(in: 1...150, using: &random))
          hash.update(message[start..<end])
          start = end
        }
        #expect(hash.finalizeHex() == digest, "\(implementation) in pieces, \(message.count) bytes")
      }
    }
  }

  @Test("the process's choice follows the processor and YTXA_SHA256")
  func preferredImplementation() {
    let forced = ProcessInfo.processInfo.environment["YTXA_SHA256"] == "portable"
    if forced || !SHA256.hardwareAvailable {
      #expect(SHA256.preferred == .portable)
      #expect(SHA256.implementationName == "portable Swift")
    } else {
      #expect(SHA256.preferred == .hardware)
      #expect(SHA256.implementationName != "portable Swift")
    }
    // On this project's x86-64 CI machines the instructions are expected (sha_ni in cpuinfo).
    if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
      let flags = cpu.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
      if flags.split(separator: " ").contains("sha_ni") { #expect(SHA256.hardwareAvailable) }
    }
  }
}
