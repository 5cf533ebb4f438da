import Foundation
import Testing

@testable import YTXAFormats

/// HMAC-SHA256 and PBKDF2-HMAC-SHA256 (the server's password hashes) against the published
/// vectors and against Python's `hmac` and `hashlib.pbkdf2_hmac` on random keys, salts and round
/// counts; the constant-time comparison and the kernel's random bytes.
@Suite("password hashing: HMAC and PBKDF2 against hashlib")
struct PasswordHashTests {
  static func hex(_ bytes: [UInt8]) -> String { SHA256.hex(digest: bytes) }

  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  @Test("HMAC-SHA256: RFC 4231 test cases 1, 2 and 6 (a key longer than a block)")
  func hmacVectors() {
    #expect(
      Self.hex(
        HMAC.sha256(key: [UInt8](repeating: 0x0b, count: 20), message: Self.bytes("Hi There")))
        == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    #expect(
      Self.hex(
        HMAC.sha256(key: Self.bytes("Jefe"), message: Self.bytes("what do ya want for nothing?")))
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    #expect(
      Self.hex(
        HMAC.sha256(
          key: [UInt8](repeating: 0xaa, count: 131),
          message: Self.bytes("Test Using Larger Than Block-Size Key - Hash Key First")))
        == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
  }

  @Test("PBKDF2-HMAC-SHA256: RFC 7914 §11's two vectors")
  func pbkdf2Vectors() throws {
    let one = try #require(
      PBKDF2.sha256(
        password: Self.bytes("passwd"), salt: Self.bytes("salt"), iterations: 1, length: 64))
    #expect(
      Self.hex(one)
        == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    let many = try #require(
      PBKDF2.sha256(
        password: Self.bytes("Password"), salt: Self.bytes("NaCl"), iterations: 80_000, length: 64))
    #expect(
      Self.hex(many)
        == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d")
  }

  @Test("HMAC and PBKDF2 agree with Python's hmac and hashlib on random inputs")
  func againstHashlib() throws {
    var generator = SystemRandomNumberGenerator()
    var cases: [(key: [UInt8], salt: [UInt8], iterations: Int, length: Int)] = []
    for index in 0..<24 {
      // Keys and salts of every length around the block size, and a few rounds counts.
      let key = (0..<[0, 1, 31, 32, 63, 64, 65, 200][index % 8]).map { _ in
        UInt8.random(in: 0...255, using: &generator)
      }
      let salt = (0..<Int.random(in: 0...80, using: &generator)).map { _ in
        UInt8.random(in: 0...255, using: &generator)
      }
      cases.append((key, salt, [1, 2, 3, 1000][index % 4], [1, 20, 32, 33, 64, 100][index % 6]))
    }
    let folder = try TemporaryFolder()
    let lines = cases.map {
      "\(Self.hex($0.key))|\(Self.hex($0.salt))|\($0.iterations)|\($0.length)"
    }
    try folder.write(lines.joined(separator: "\n") + "\n", to: "cases.txt")
    let script = """
      import hashlib, hmac, sys
      for line in open(sys.argv[1]):
          key, salt, n, length = line.rstrip('\\n').split('|')
          key, salt = bytes.fromhex(key), bytes.fromhex(salt)
          print(hmac.new(key, salt, hashlib.sha256).hexdigest(),
                hashlib.pbkdf2_hmac('sha256', key, salt, int(n), int(length)).hex())
      """
    let output = try Python.run(script, [folder.path + "/cases.txt"], needs: "hashlib and hmac")
    let expected = String(decoding: output, as: UTF8.self).split(separator: "\n")
    try #require(expected.count == cases.count)
    for (item, line) in zip(cases, expected) {
      let parts = line.split(separator: " ").map(String.init)
      #expect(Self.hex(HMAC.sha256(key: item.key, message: item.salt)) == parts[0])
      let derived = try #require(
        PBKDF2.sha256(
          password: item.key, salt: item.salt, iterations: item.iterations, length: item.length))
      #expect(
        Self.hex(derived) == parts[1], "\(item.key.count) \(item.salt.count) \(item.iterations)")
    }
  }

  @Test("out-of-range rounds or lengths give nil, never a trap or a hang")
  func ranges() {
    #expect(PBKDF2.sha256(password: [], salt: [], iterations: 0, length: 32) == nil)
    #expect(PBKDF2.sha256(password: [], salt: [], iterations: -1, length: 32) == nil)
    #expect(PBKDF2.sha256(password: [], salt: [], iterations: Int.max, length: 32) == nil)
    #expect(PBKDF2.sha256(password: [], salt: [], iterations: 1, length: 0) == nil)
    #expect(PBKDF2.sha256(password: [], salt: [], iterations: 1, length: 1 << 40) == nil)
  }

  @Test("constant-time equality and the kernel's random bytes")
  func equalityAndRandom() throws {
    #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
    #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
    #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
    #expect(ConstantTime.equal([], []))
    let a = try #require(SystemRandom.bytes(32))
    let b = try #require(SystemRandom.bytes(32))
    #expect(a.count == 32 && a != b)
    #expect(SystemRandom.bytes(0) == [])
    #expect(SystemRandom.bytes(-1) == nil)
  }
}
