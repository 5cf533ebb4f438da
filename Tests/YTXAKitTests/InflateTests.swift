import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// The DEFLATE decoder against streams made by Python's zlib (an independent implementation;
/// `Fixtures/deflate/make_fixtures.py` made them): every level, stored and fixed-Huffman blocks,
/// and malformed or oversized input refused.
@Suite("inflate") struct InflateTests {
  static let folder = TestSets.root.appendingPathComponent("Tests/YTXAKitTests/Fixtures/deflate")

  static func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: folder.appendingPathComponent(name)))
  }

  static let streams: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".deflate") }.sorted()
  }()

  @Test("every zlib stream inflates to its input, byte for byte", arguments: streams)
  func zlibStreams(_ name: String) throws {
    let input = String(name.prefix { $0 != "." })
    let expected = try Self.bytes(input + ".bin")
    let inflated = try Inflate.inflate(try Self.bytes(name), limit: 1 << 20)
    #expect(inflated == expected, "\(name)")
  }

  @Test("the fixtures are all there: 6 inputs × (levels 0, 1, 6, 9 and fixed Huffman)")
  func fixturesPresent() {
    #expect(Self.streams.count == 30)
  }

  @Test("a stream that inflates past the limit is refused, not followed")
  func limit() throws {
    let stream = try Self.bytes("runs.L9.deflate")
    #expect(throws: Inflate.Failure.self) { try Inflate.inflate(stream, limit: 70_000) }
    #expect(try Inflate.inflate(stream, limit: 71_324).count == 71_324)
    // Stored blocks too.
    #expect(throws: Inflate.Failure.self) {
      try Inflate.inflate(try Self.bytes("random.L0.deflate"), limit: 2_999)
    }
  }

  @Test("malformed streams are errors: truncated, block type 3, bad stored length, far distance")
  func malformed() throws {
    let stream = try Self.bytes("vietnamese.L6.deflate")
    for cut in [0, 1, 2, stream.count / 2, stream.count - 1] {
      #expect(throws: Inflate.Failure.self, "cut at \(cut)") {
        try Inflate.inflate(Array(stream.prefix(cut)), limit: 1 << 20)
      }
    }
    // BFINAL=1, BTYPE=3.
    #expect(throws: Inflate.Failure.self) { try Inflate.inflate([0b111], limit: 100) }
    // A stored block whose length and complement disagree.
    #expect(throws: Inflate.Failure.self) {
      try Inflate.inflate([0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5], limit: 100)
    }
    // Fixed Huffman: literal 'a', then length 3 at distance 2 (only 1 byte written): refused.
    // Bits (LSB first): BFINAL 1, BTYPE 01; 'a' = 0x61 → code 0x30+0x61 (8 bits, MSB first);
    // length symbol 257 → 0000001 (7 bits); distance code 1 (distance 2) → 00001 (5 bits).
    var writer = BitWriter()
    writer.put(1, bits: 1)
    writer.put(1, bits: 2)
    writer.putCode(0x30 + 0x61, length: 8)
    writer.putCode(1, length: 7)
    writer.putCode(1, length: 5)
    writer.putCode(0, length: 7)
    #expect(throws: Inflate.Failure.self) { try Inflate.inflate(writer.bytes, limit: 100) }
    // The same with distance 1 is valid: "aaaa".
    var valid = BitWriter()
    valid.put(1, bits: 1)
    valid.put(1, bits: 2)
    valid.putCode(0x30 + 0x61, length: 8)
    valid.putCode(1, length: 7)
    valid.putCode(0, length: 5)
    valid.putCode(0, length: 7)
    #expect(try Inflate.inflate(valid.bytes, limit: 100) == Array("aaaa".utf8))
  }

  @Test("random bytes never trap or hang: each is inflated or refused")
  func randomInput() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2_000 {
      let length = Int.random(in: 0..<64, using: &generator)
      let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      _ = try? Inflate.inflate(input, limit: 1 << 16)
    }
  }

  /// A few MB of sheet-like XML with long repeats and random digits, deflated by Python's zlib
  /// (raw streams, levels 1, 6 and 9, and one of stored blocks), as `[level: stream]`, and the
  /// input's SHA-256 by hashlib.
  static func largeStreams() throws -> (streams: [Int: [UInt8]], sha256: String, size: Int) {
    let folder = try TemporaryFolder()
    let script = """
      import hashlib, random, sys, zlib
      random.seed(7)
      rows = []
      for r in range(1, 30001):
          cells = ''.join('<c r="%s%d"><v>%d</v></c>' % (chr(65 + c), r, random.randint(0, 99999))
                          for c in range(12))
          rows.append('<row r="%d">%s</row>' % (r, cells))
      data = ('<sheetData>' + ''.join(rows) + '</sheetData>').encode()
      for level in (0, 1, 6, 9):
          c = zlib.compressobj(level, zlib.DEFLATED, -15)
          open(sys.argv[1] + '/%d.deflate' % level, 'wb').write(c.compress(data) + c.flush())
      print(hashlib.sha256(data).hexdigest(), len(data))
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, folder.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 with zlib is needed")
    let words = output.split(whereSeparator: \.isWhitespace)
    var streams: [Int: [UInt8]] = [:]
    for level in [0, 1, 6, 9] {
      streams[level] = Array(
        try Data(contentsOf: folder.url.appendingPathComponent("\(level).deflate")))
    }
    return (streams, String(words[0]), Int(words[1]) ?? -1)
  }

  @Test("a stream of several MB is handed on in pieces, with matches across them, as zlib made it")
  func largeStreamInPieces() throws {
    let large = try Self.largeStreams()
    #expect(large.size > 4 * Inflate.pieceSize)
    for (level, stream) in large.streams.sorted(by: { $0.key < $1.key }) {
      var hash = SHA256()
      var pieces = 0
      var largest = 0
      let total = try Inflate.stream(stream, limit: large.size) { piece in
        hash.update(piece)
        pieces += 1
        largest = max(largest, piece.count)
        return true
      }
      #expect(total == large.size, "level \(level)")
      #expect(hash.finalizeHex() == large.sha256, "level \(level)")
      #expect(pieces > 4 && largest <= Inflate.pieceSize + 258, "level \(level): \(pieces) pieces")
      // One byte less than the output is refused as too large, at every level.
      #expect(throws: Inflate.Failure.self, "level \(level)") {
        try Inflate.stream(stream, limit: large.size - 1) { _ in true }
      }
      // A sink that stops after the first piece: decoding stops there.
      var seen = 0
      let stopped = try Inflate.stream(stream, limit: large.size) { piece in
        seen += piece.count
        return false
      }
      #expect(seen <= Inflate.pieceSize + 258 && stopped < large.size, "level \(level)")
    }
  }
}

/// Writes bits least significant first, and Huffman codes most significant bit first, as
/// DEFLATE packs them.
struct BitWriter {
  var bytes: [UInt8] = []
  private var count = 0

  mutating func put(_ value: Int, bits: Int) {
    for bit in 0..<bits { append((value >> bit) & 1) }
  }

  mutating func putCode(_ code: Int, length: Int) {
    for bit in (0..<length).reversed() { append((code >> bit) & 1) }
  }

  private mutating func append(_ bit: Int) {
    if count % 8 == 0 { bytes.append(0) }
    bytes[bytes.count - 1] |= UInt8(bit << (count % 8))
    count += 1
  }
}
