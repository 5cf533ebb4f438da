import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// The zip reader against archives made by Python's zipfile (`Fixtures/zip/make_fixtures.py`),
/// and CRC-32 against its published check value.
@Suite("zip archives") struct ZipArchiveTests {
  static let folder = TestSets.root.appendingPathComponent("Tests/YTXAKitTests/Fixtures/zip")

  static func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: folder.appendingPathComponent(name)))
  }

  static func refusal(_ name: String, limit: Int = 1 << 20) throws -> String? {
    let input = try bytes(name)
    do throws(ZipArchive.Failure) {
      let archive = try ZipArchive(input)
      for entry in archive.entries { _ = try archive.data(entry, limit: limit) }
      return nil
    } catch {
      return error.message.english
    }
  }

  @Test("CRC-32 gives the standard check value and zlib's")
  func crc() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([]) == 0)
    // zlib.crc32("Xã Cao Xá".encode()) == 0x309F7012
    #expect(CRC32.checksum(Array("Xã Cao Xá".utf8)) == 0x309F_7012)
  }

  @Test("stored and deflated entries, a UTF-8 name, an empty entry, a trailing comment")
  func reads() throws {
    let archive = try ZipArchive(try Self.bytes("ok.zip"))
    #expect(
      archive.entries.map(\.name) == [
        "a.txt", "xl/worksheets/sheet1.xml", "thư mục/tệp.txt", "empty.txt",
      ])
    func text(_ name: String) throws -> [UInt8] {
      try archive.data(try #require(archive.entry(name)), limit: 1 << 20)
    }
    #expect(try text("a.txt") == Array("stored as it is\n".utf8))
    #expect(try text("xl/worksheets/sheet1.xml") == (try Self.bytes("sheet1.xml")))
    #expect(try text("thư mục/tệp.txt") == Array("Xã Cao Xá\n".utf8))
    #expect(try text("empty.txt").isEmpty)
    #expect(archive.entry("xl/worksheets/sheet1.xml")?.method == 8)
  }

  @Test("refused: a name climbing out, ZIP64, a name twice, a bomb past the limit, not a zip")
  func refusals() throws {
    #expect(try Self.refusal("climbs-out.zip")?.contains("points outside the archive") == true)
    // A ZIP64 extra field in the local header only (sizes in the directory are plain): read.
    let local64 = try ZipArchive(try Self.bytes("zip64.zip"))
    #expect(
      try local64.data(try #require(local64.entry("big.txt")), limit: 100)
        == Array("small, but written as ZIP64".utf8))
    // Sizes deferred to ZIP64 in the central directory: refused.
    var deferred = try Self.bytes("ok.zip")
    let header = try #require(
      (0..<deferred.count - 4).first {
        deferred[$0..<$0 + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02])
      })
    for offset in 20..<24 { deferred[header + offset] = 0xFF }
    do {
      _ = try ZipArchive(deferred)
      Issue.record("a ZIP64 directory entry was accepted")
    } catch {
      #expect(error.message.english.contains("ZIP64"))
    }
    #expect(try Self.refusal("duplicate.zip")?.contains("appears twice") == true)
    #expect(try Self.refusal("bomb.zip")?.contains("over the limit of 1048576") == true)
    #expect(try Self.refusal("bomb.zip", limit: 20 << 20) == nil)
    #expect(try Self.refusal("sheet1.xml")?.contains("not a zip archive") == true)
  }

  @Test("a damaged entry is refused by its CRC-32; an encrypted one by its flag")
  func damaged() throws {
    var bytes = try Self.bytes("ok.zip")
    // The stored entry's text starts after its 30-byte local header and 5-byte name.
    bytes[35] ^= 0x20
    let archive = try ZipArchive(bytes)
    #expect(throws: ZipArchive.Failure.self) {
      try archive.data(try #require(archive.entry("a.txt")), limit: 100)
    }
    // Set the encryption flag of the first central directory header.
    var encrypted = try Self.bytes("ok.zip")
    let header = try #require(
      (0..<encrypted.count - 4).first {
        encrypted[$0..<$0 + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02])
      })
    encrypted[header + 8] |= 1
    #expect(throws: ZipArchive.Failure.self) { _ = try ZipArchive(encrypted) }
  }

  @Test("truncated archives never trap: every prefix is read or refused")
  func prefixes() throws {
    let bytes = try Self.bytes("ok.zip")
    for length in stride(from: 0, to: bytes.count, by: 7) {
      if let archive = try? ZipArchive(Array(bytes.prefix(length))) {
        for entry in archive.entries { _ = try? archive.data(entry, limit: 1 << 20) }
      }
    }
  }
}
