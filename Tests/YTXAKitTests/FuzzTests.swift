import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAKit

/// A seeded fuzz run, bounded to a few seconds: the samples, a CSV file, the criteria set and the
/// roadmap, mutated byte by byte and token by token (the tokens that broke earlier versions:
/// extreme exponents, huge integers, codes with spaces, thousands groupings, control
/// characters). Nothing may trap (a trap ends this test process), and `score`'s general path and
/// the batch (fast path, then general path) must agree on every evidence file. The longer run
/// in CI (`.ci/fuzz.py`, about a minute, against the built binary with time limits) uses the
/// same tokens.
@Suite("fuzz", .serialized)
struct FuzzTests {
  /// Text that has broken, or could break, a reader.
  static let tokens: [String] = [
    "1e-9223372036854775808", "1e9223372036854775807", "-9223372036854775808",
    "9223372036854775807", "99999999999999999999999", "1e999", "-0", "0.0000000001", "1.000",
    "9.650", "1,000", "1.000,5", "4611686018427387904", "null", "true", "[]", "{}", "\"\"",
    "\" 07336\"", "\"\\u00a007336\"", "\"7336\"", "\"\\u001b[31m\"", "\"=HYPERLINK(1)\"",
    "\"\\ud800\"", "2100", "1999", "\"KAD\"", "\"không\"", "\"1\"", "\"0\"",
  ]

  /// One mutation of `bytes`.
  static func mutate(_ bytes: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
    var bytes = bytes
    guard !bytes.isEmpty else { return Array(tokens.randomElement(using: &random)!.utf8) }
    let position = Int.random(in: 0..<bytes.count, using: &random)
    switch Int.random(in: 0..<7, using: &random) {
    case 0:
      bytes[position] = UInt8.random(in: 0...255, using: &random)
    case 1:
      bytes.remove(at: position)
    case 2:
      let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
      bytes.removeSubrange(position..<end)
    case 3:
      bytes.insert(contentsOf: tokens.randomElement(using: &random)!.utf8, at: position)
    case 4:
      // Replace the number (or word) at this place with a token.
      var start = position
      var end = position
      let isWordByte: (UInt8) -> Bool = {
        ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x65 || $0 == 0x2B
      }
      while start > 0, isWordByte(bytes[start - 1]) { start -= 1 }
      while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
      bytes.replaceSubrange(start..<end, with: tokens.randomElement(using: &random)!.utf8)
    case 5:
      let end = min(bytes.count, position + Int.random(in: 1...200, using: &random))
      bytes.insert(contentsOf: bytes[position..<end], at: end)
    default:
      bytes = Array(bytes.prefix(position))
    }
    return bytes
  }

  static func sampleBytes() throws -> [[UInt8]] {
    try EvidenceFastPathTests.sampleFiles().map { try [UInt8](Data(contentsOf: $0)) }
  }

  @Test("mutated evidence files (1,500 if long): no trap, and score and batch agree on each")
  func evidence() throws {
    let set = try TestSets.bundled()
    var random = SeededGenerator(seed: 10)
    let samples = try Self.sampleBytes()
    let folder = try TemporaryFolder()
    var expected: [String: (passed: Bool, total: Points)?] = [:]
    let rounds = LongTests.count(400, long: 1500)
    for index in 0..<rounds {
      var bytes = samples[index % samples.count]
      for _ in 0..<Int.random(in: 0...2, using: &random) { bytes = Self.mutate(bytes, &random) }
      // One commune code per file, so that no file is a duplicate of another.
      let text = String(decoding: bytes, as: UTF8.self)
      let unique = text.replacingOccurrences(
        of: #""code": "0"#, with: "\"code\": \"\(index % 10)")
      let name = String(format: "%05d.json", index)
      try Data(unique.utf8).write(to: folder.url.appendingPathComponent(name))
      // The general path, as `score` reads a file.
      let general = try? Evidence(data: Array(unique.utf8), file: name, criteria: set)
      expected[name] = general.map {
        let result = Scorer(criteria: set).score($0)
        return (result.hasPassed, result.total)
      }
    }
    let runner = BatchRunner(
      options: .init(jobs: 2, scratchFolder: folder.path),
      criteria: { $0 == set.id ? .success(set) : .failure(.notFound(id: $0 ?? "", searched: [])) })
    let outcome = try runner.run(BatchSources.files(under: folder.path))
    var seen: Set<String> = []
    for record in outcome.records {
      let name = (outcome.file(of: record) as NSString).lastPathComponent
      seen.insert(name)
      let want = try #require(expected[name] ?? nil, "batch scored \(name), score rejected it")
      #expect(want.passed == record.passed && want.total == record.total, "\(name)")
    }
    for error in outcome.errors {
      let name = (error.file as NSString).lastPathComponent
      if error.message.english.hasPrefix("duplicate:") { continue }
      #expect(expected[name] ?? nil == nil, "batch rejected \(name), score accepted it")
      seen.insert(name)
    }
    let accepted = expected.values.count { $0 != nil }
    #expect(accepted * 5 > rounds, "the mutations leave enough valid files (\(accepted))")
  }

  @Test("CSV, criteria, roadmap and plan files, mutated: no trap, every failure an error")
  func otherInputs() throws {
    var random = SeededGenerator(seed: 11)
    let set = try TestSets.bundled()
    let criteria = try [UInt8](Data(contentsOf: TestSets.bundledSetURL))
    let roadmap = try [UInt8](
      Data(
        contentsOf: TestSets.root.appendingPathComponent(
          "Criteria/roadmaps/bac-giang-kh115-2023.json")))
    let plans = try ["phong-tho-2024", "tuyen-quang-2018"].map {
      try [UInt8](
        Data(contentsOf: TestSets.root.appendingPathComponent("Criteria/plans/\($0).json")))
    }
    var valid = (criteria: 0, roadmap: 0, plan: 0)
    for round in 0..<150 {
      var target = plans[round % plans.count]
      for _ in 0..<Int.random(in: 1...2, using: &random) { target = Self.mutate(target, &random) }
      if (try? Plan(data: target, file: "p.json", criteria: set)) != nil { valid.plan += 1 }
      var bytes = criteria
      for _ in 0..<Int.random(in: 1...2, using: &random) { bytes = Self.mutate(bytes, &random) }
      if (try? CriteriaSet(data: bytes, file: "c.json")) != nil { valid.criteria += 1 }
      var plan = roadmap
      for _ in 0..<Int.random(in: 1...2, using: &random) { plan = Self.mutate(plan, &random) }
      if (try? Roadmap(data: plan, file: "r.json")) != nil { valid.roadmap += 1 }
    }
    #expect(valid.criteria > 0 && valid.roadmap > 0 && valid.plan > 0)
    let template = Array(BatchCSV.template(set).utf8)
    let folder = try TemporaryFolder()
    for index in 0..<150 {
      var bytes = template
      for _ in 0..<Int.random(in: 1...3, using: &random) { bytes = Self.mutate(bytes, &random) }
      let file = folder.path + "/\(index).csv"
      try Data(bytes).write(to: URL(fileURLWithPath: file))
      switch BatchCSV.sources(file: file, criteria: set) {
      case .failure(let error): #expect(!error.message.english.isEmpty)
      case .success(let rows):
        let runner = BatchRunner(
          options: .init(jobs: 1, scratchFolder: folder.path),
          criteria: { $0 == set.id ? .success(set) : .failure(.notFound(id: "", searched: [])) })
        let outcome = try runner.run(rows)
        #expect(outcome.records.count + outcome.errors.count == rows.count)
      }
    }
  }

  /// Whether a message reads as a sentence, not a printed Swift value.
  static func isSentence(_ message: Message) -> Bool {
    let text = message.english + " " + message.vietnamese
    return !text.isEmpty && !text.contains("Optional(") && !text.contains("(id:")
      && !text.contains("Error(")
  }

  @Test(
    "workbooks (zip, inflate, XML, shared strings) and manifests, mutated, cut and oversized: no trap, every failure a sentence"
  )
  func workbooksAndManifests() throws {
    var random = SeededGenerator(seed: 25)
    let fixtures = TestSets.root.appendingPathComponent("Tests/YTXAKitTests/Fixtures/xlsx")
    var seeds = try ["template-filled.xlsx", "libreoffice-filled.xlsx"].map {
      try [UInt8](Data(contentsOf: fixtures.appendingPathComponent($0)))
    }
    seeds.append(
      try StreamingReadersTests.workbook(
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>12.5</v></c></row>",
        strings: ["commune_code"]))
    /// Reads every row of every sheet, or a failure that is a sentence.
    func read(_ bytes: [UInt8]) -> (rows: Int, refused: Bool) {
      do {
        let book = try XLSXWorkbook(bytes)
        var rows = 0
        for sheet in book.sheets {
          let reader = try book.sheetReader(sheet.name)
          while try reader.next() != nil { rows += 1 }
        }
        return (rows, false)
      } catch {
        #expect(Self.isSentence(error.message), "\(error.message.english)")
        return (0, true)
      }
    }
    var outcomes = (read: 0, refused: 0)
    for round in 0..<LongTests.count(60, long: 1200) {
      var bytes = seeds[round % seeds.count]
      if round % 2 == 0 {
        // Byte by byte: the zip directory, the local headers, the deflated streams.
        for _ in 0..<Int.random(in: 1...3, using: &random) { bytes = Self.mutate(bytes, &random) }
      } else {
        // Part by part: one XML part mutated (or cut), stored again, deflated or not.
        guard let archive = try? ZipArchive(bytes) else { continue }
        var zip = ZipWriter()
        let target = archive.entries.filter { $0.name.hasSuffix(".xml") }.randomElement(
          using: &random)
        for entry in archive.entries {
          var data = try archive.data(entry, limit: 64 << 20)
          if entry.name == target?.name {
            for _ in 0..<Int.random(in: 1...3, using: &random) { data = Self.mutate(data, &random) }
          }
          zip.add(entry.name, data)
        }
        bytes = try zip.finished()
      }
      if read(bytes).refused { outcomes.refused += 1 } else { outcomes.read += 1 }
    }
    #expect(outcomes.read > 0 && outcomes.refused > 0, "\(outcomes)")
    // Oversized: a sheet of many rows is read a row at a time.
    let rows = LongTests.count(10_000, long: 200_000)
    let big = try StreamingReadersTests.workbook(
      String(repeating: "<row><c t=\"s\"><v>0</v></c><c><v>1</v></c></row>", count: rows),
      strings: ["x"])
    #expect(read(big).rows == rows)

    // Manifests: a real one, mutated and cut; each read or refused with a sentence.
    let folder = try TemporaryFolder()
    let run = CLIRunner.run([
      "batch", TestSets.root.appendingPathComponent("Samples/bac-giang/2025").path, "--out",
      folder.path + "/out",
    ])
    #expect(run.code <= 1, "\(run.err)")
    let manifest = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: folder.path + "/out/manifest.json")))
    var manifests = (read: 0, refused: 0)
    for index in 0..<LongTests.count(80, long: 1500) {
      var bytes = manifest
      for _ in 0..<Int.random(in: 1...3, using: &random) { bytes = Self.mutate(bytes, &random) }
      let path = folder.path + "/m\(index).json"
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      do {
        _ = try RunManifest.stream(contentsOf: path) { _ in }
        manifests.read += 1
      } catch {
        #expect(Self.isSentence(error.message), "\(error.message.english)")
        manifests.refused += 1
      }
    }
    #expect(manifests.refused > 0, "\(manifests)")
  }
}
