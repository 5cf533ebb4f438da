import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// A temporary folder, removed when the test ends, with what a batch leaves beside it (its lock
/// file and staging folder): it is made inside a parent folder of its own.
final class TemporaryFolder {
  let url: URL
  var path: String { url.path }
  private let parent: URL

  init() throws {
    parent = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ytxa-test-\(UUID().uuidString)")
    url = parent.appendingPathComponent("folder")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: parent) }

  func write(_ text: String, to name: String) throws {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: file, atomically: false, encoding: .utf8)
  }

  func read(_ name: String) throws -> String {
    try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
  }
}

@Suite("ytxa batch", .serialized)
struct BatchTests {
  static let sample = try! String(
    contentsOf: TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json"),
    encoding: .utf8)

  /// The 07336 sample under another commune code (and optionally year and district; another
  /// year drops the June 2025 assessment date).
  static func evidence(code: String, year: Int = 2025, district: String = "216") -> String {
    (year == 2025
      ? sample : sample.replacingOccurrences(of: "\"assessedOn\": \"2025-06-12\",\n  ", with: ""))
      .replacingOccurrences(of: "\"07336\"", with: "\"\(code)\"")
      .replacingOccurrences(of: "\"year\": 2025", with: "\"year\": \(year)")
      .replacingOccurrences(of: "\"code\": \"216\"", with: "\"code\": \"\(district)\"")
  }

  @Test("good, malformed, empty, truncated, duplicate and invalid files: the run goes on")
  func mixedFolder() throws {
    let input = try TemporaryFolder()
    let out = try TemporaryFolder()
    try input.write(Self.evidence(code: "10001"), to: "a/10001.json")
    try input.write(Self.evidence(code: "10002", district: "217"), to: "a/10002.json")
    try input.write(Self.evidence(code: "10001"), to: "b/copy-of-10001.json")
    try input.write("{ \"schemaVersion\": 1, ", to: "b/truncated.json")
    try input.write("", to: "b/empty.json")
    try input.write("not json at all", to: "b/malformed.json")
    try input.write(
      Self.evidence(code: "10003").replacingOccurrences(
        of: "\"numerator\": 9650", with: "\"numerator\": 19650"), to: "c/invalid.json")
    // Invented codes: units are not checked (`--units off`, as for training data).
    let run = CLIRunner.run([
      "batch", input.path, "--out", out.path, "--units", "off", "--lang", "en",
    ])
    #expect(run.code == 1)
    let results = try out.read("results.jsonl").split(separator: "\n")
    #expect(results.count == 2)
    #expect(results[0].contains(#""code":"10001""#) && results[0].contains("a/10001.json"))
    let errors = try out.read("errors.jsonl").split(separator: "\n").map(String.init)
    #expect(errors.count == 5)
    let byFile = Dictionary(
      uniqueKeysWithValues: errors.map { line -> (String, String) in
        let name = line.components(separatedBy: "\"file\":\"").last!.components(
          separatedBy: "\"")[0]
        return ((name as NSString).lastPathComponent, line)
      })
    #expect(byFile["copy-of-10001.json"]?.contains("duplicate: commune 10001 year 2025") == true)
    // Machine-readable too: the input counted instead.
    #expect(byFile["copy-of-10001.json"]?.contains("\"duplicateOf\":") == true)
    #expect(byFile["truncated.json"]?.contains("not valid JSON") == true)
    #expect(byFile["empty.json"]?.contains("not valid JSON") == true)
    #expect(byFile["malformed.json"]?.contains("not valid JSON") == true)
    #expect(byFile["invalid.json"]?.contains(#""indicator":"3""#) == true)
    #expect(byFile["invalid.json"]?.contains("numerator") == true)
    let summary = try out.read("summary.json")
    #expect(summary.contains(#""rejected": 5"#))
    #expect(try out.read("report.html").contains("<svg"))
    let csv = try Data(contentsOf: out.url.appendingPathComponent("summary.csv"))
    #expect(Array(csv.prefix(10)) == [0xEF, 0xBB, 0xBF] + Array("\"Scope\"".utf8))
    #expect(String(decoding: csv, as: UTF8.self).contains("\r\n\"scope\",\"district_code\""))
  }

  @Test("the same input with 1, 2 or 4 jobs gives byte-identical outputs")
  func deterministic() throws {
    let input = try TemporaryFolder()
    for index in 0..<60 {
      // Names in an order unrelated to commune codes, to exercise the sort.
      try input.write(
        Self.evidence(code: String(20000 + (index * 37) % 60), year: 2024 + index % 2),
        to: "f\(index).json")
    }
    var outputs: [[String]] = []
    for jobs in ["1", "2", "4"] {
      let out = try TemporaryFolder()
      _ = CLIRunner.run(["batch", "--units", "off", input.path, "--out", out.path, "--jobs", jobs])
      outputs.append(
        try ["results.jsonl", "summary.json", "summary.csv", "report.html"].map { try out.read($0) }
      )
    }
    #expect(outputs[0] == outputs[1])
    #expect(outputs[0] == outputs[2])
    let codes = outputs[0][0].split(separator: "\n").map {
      $0.components(separatedBy: "\"code\":\"")[1].prefix(5)
    }
    #expect(codes == codes.sorted())
  }

  @Test("the in-place sort by positions agrees with the standard library's sort")
  func sortInPlace() {
    var random = SeededGenerator(seed: 7)
    let place = BatchPlace(
      districtCode: "216", districtName: "H", provinceCode: nil, provinceName: nil)
    for count in [0, 1, 2, 17, 500] {
      var records = (0..<count).map { index in
        BatchRecord(
          communeCode: CommuneCode(checkedDigits: String(Int.random(in: 0..<40, using: &random))),
          year: Int.random(in: 2023...2025, using: &random), place: place, passed: true,
          reasons: [], total: .zero, maximum: .zero, order: Int32(index), worker: 0, length: 0,
          offset: 0)
      }.shuffled(using: &random)
      let expected = records.sorted {
        ($0.communeCode.digits.utf8.lexicographicallyPrecedes($1.communeCode.digits.utf8)
          && $0.communeCode != $1.communeCode)
          || ($0.communeCode == $1.communeCode && ($0.year, $0.order) < ($1.year, $1.order))
      }
      BatchRunner.sortInPlace(&records)
      #expect(records.map(\.order) == expected.map(\.order))
    }
  }

  @Test("the batch line writer gives exactly the bytes of the reference JSON tree")
  func lineWriter() throws {
    let set = try TestSets.bundled()
    for name in try FileManager.default.contentsOfDirectory(
      atPath: TestSets.root.appendingPathComponent("Samples/bac-giang/2025").path)
    {
      let url = TestSets.root.appendingPathComponent("Samples/bac-giang/2025/" + name)
      let evidence = try Evidence(
        document: EvidenceDocument(contentsOf: url, file: "x\"\\y.json"), criteria: set)
      let result = Scorer(criteria: set).score(evidence)
      var fast: [UInt8] = []
      result.appendBatchLine(to: &fast)
      let reference = result.batchJSONOutput().bytes(pretty: false)
      #expect(fast == reference, "\(name)")
      // The batch's own path: points only, with the writer made once from the set.
      var batch: [UInt8] = []
      let name = BatchLineWriter(criteria: set).append(
        Scorer(criteria: set).pointsOnly(evidence), to: &batch, namingFrom: 0)
      #expect(batch == reference, "\(name)")
      let literal = Array(batch[name])
      #expect(try JSONParser.parse(literal) == .string(result.commune.name.nfc))
    }
  }

  @Test("a kept record stays at 80 bytes, and sources convert without loss")
  func compactness() {
    // The memory target (100,000 communes within 2× the memory of 10,000) rests on this.
    #expect(MemoryLayout<BatchRecord>.stride <= 80)
    let mixed: [BatchSource] = [
      .file("b.json"), .csvRow(file: "x.csv", row: 2, fields: ["year": "2025"]), .file("a.json"),
    ]
    let list = BatchSources(mixed)
    #expect((0..<list.count).map { list[$0] } == mixed)
    #expect((0..<list.count).map { list.name($0) } == ["b.json", "x.csv:2", "a.json"])
    let files = BatchSources([.file("Xã Đông.json"), .file("b/c.json")])
    #expect((0..<files.count).map { files[$0] } == [.file("Xã Đông.json"), .file("b/c.json")])
  }

  @Test("folders are listed in the byte order of whole paths, one folder sorted at a time")
  func listingOrder() throws {
    let folder = try TemporaryFolder()
    let names = [
      "a.json", "a/b.json", "a/a.json", "a-b.json", "ab/x.json", "a.b/y.json", "Z.JSON", "é.json",
      "e\u{301}.json", "b/c/d.json", "b.json", "skip.txt", "10.json", "9.json",
    ]
    for name in names {
      let url = folder.url.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data("{}".utf8).write(to: url)
    }
    let listed = BatchSources.files(under: folder.path)
    let paths = (0..<listed.count).map { listed.name($0) }
    let expected = names.filter { $0.lowercased().hasSuffix(".json") }.map {
      folder.path + "/" + $0
    }
    .sorted { lhs, rhs in lhs.withCString { a in rhs.withCString { b in strcmp(a, b) < 0 } } }
    #expect(paths == expected)
    #expect(BatchSource.files(under: folder.path).map(\.name) == expected)
  }

  @Test("points-only scoring agrees with full scoring on the samples and generated communes")
  func pointsOnlyAgrees() throws {
    let set = try TestSets.bundled()
    var cases: [(CriteriaSet, Evidence)] = []
    for name in try FileManager.default.contentsOfDirectory(
      atPath: TestSets.root.appendingPathComponent("Samples/bac-giang/2025").path)
    {
      let url = TestSets.root.appendingPathComponent("Samples/bac-giang/2025/" + name)
      cases.append((set, try Evidence(document: EvidenceDocument(contentsOf: url), criteria: set)))
    }
    var random = SeededGenerator(seed: 47)
    for _ in 0..<LongTests.count(100, long: 400) {
      let generated = try PlanCases.set(&random)
      var evidence = PlanCases.evidence(generated, &random)
      // Some declared not applicable, some zero denominators, a phường now and then.
      if Int.random(in: 0..<4, using: &random) == 0 { evidence.commune.type = .phuong }
      for indicator in generated.indicators where Int.random(in: 0..<10, using: &random) == 0 {
        evidence.values[indicator.id] =
          Bool.random(using: &random)
          ? .notApplicable(reason: "không có") : .ratio(numerator: 0, denominator: 0)
      }
      cases.append((generated, evidence))
    }
    var failing = 0
    for (set, evidence) in cases {
      let scorer = Scorer(criteria: set)
      let full = scorer.score(evidence)
      let lean = scorer.pointsOnly(evidence)
      #expect(lean == PointsOnlyScore(full), "\(evidence.file)")
      if !lean.hasPassed { failing += 1 }
      // The scratch record reads back as the same score, and the line is the counted length.
      var record: [UInt8] = [7, 7]
      let name = BatchSpillCoding.encode(lean, into: &record)
      #expect(BatchSpillCoding.decode(record[2...], criteria: set) == lean)
      #expect(
        String(decoding: record[2...].dropFirst(name.lowerBound).prefix(name.count), as: UTF8.self)
          == lean.commune.name)
      var line: [UInt8] = []
      let writer = BatchLineWriter(criteria: set)
      _ = writer.append(lean, to: &line, namingFrom: 0)
      #expect(writer.length(of: lean) == line.count)
      #expect(BatchSpillCoding.decode(record[2..<(record.count - 1)], criteria: set) == nil)
    }
    // The cases exercise both verdicts.
    #expect(failing > 0 && failing < cases.count)
  }

  @Test("a run killed with SIGKILL leaves no partial file in the output folder")
  func killed() throws {
    let input = try TemporaryFolder()
    let out = try TemporaryFolder()
    let count = LongTests.count(400, long: 1500)
    for index in 0..<count {
      try input.write(Self.evidence(code: String(30000 + index)), to: "\(index).json")
    }
    // An earlier complete run: the old files a killed run must leave intact.
    _ = try CLIRunner.runProcess(["batch", "--units", "off", input.path, "--out", out.path])
    let old = try out.read("results.jsonl")
    for delay in [20_000, 80_000, 200_000] as [UInt32] {
      let process = Process()
      process.executableURL = CLIRunner.executable
      process.arguments = ["batch", "--units", "off", input.path, "--out", out.path]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(delay)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
      for name in names where !name.hasPrefix(".") {
        #expect(
          [
            "results.jsonl", "errors.jsonl", "summary.json", "summary.csv", "summary.xlsx",
            "report.html", "manifest.json",
          ]
          .contains(name), "unexpected file \(name)")
      }
      // Whatever is there is whole: the old results or the new, never a part.
      #expect(try out.read("results.jsonl") == old)
      let summary = try out.read("summary.json")
      #expect(summary.hasSuffix("}\n"))
      #expect((try? JSONParser.parse(Array(summary.utf8))) != nil)
      #expect(try out.read("report.html").hasSuffix("</html>\n"))
    }
    // A later run clears any temporary left by a killed one.
    _ = try CLIRunner.runProcess(["batch", "--units", "off", input.path, "--out", out.path])
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter {
      $0.hasPrefix(".")
    }
    #expect(leftovers.isEmpty, "\(leftovers)")
  }

  @Test("--previous lists communes to withdraw, to maintain, and newly passing")
  func previous() throws {
    let before = try TemporaryFolder()
    let after = try TemporaryFolder()
    let firstOut = try TemporaryFolder()
    let secondOut = try TemporaryFolder()
    try before.write(Self.evidence(code: "40001", year: 2024), to: "1.json")
    try before.write(Self.evidence(code: "40002", year: 2024), to: "2.json")
    try before.write(
      Self.evidence(code: "40003", year: 2024).replacingOccurrences(
        of: "\"7\": \"co_huu\"", with: "\"7\": \"khong\""), to: "3.json")
    try after.write(Self.evidence(code: "40001"), to: "1.json")
    try after.write(
      Self.evidence(code: "40002").replacingOccurrences(
        of: "\"7\": \"co_huu\"", with: "\"7\": \"khong\""), to: "2.json")
    try after.write(Self.evidence(code: "40003"), to: "3.json")
    _ = CLIRunner.run(["batch", "--units", "off", before.path, "--out", firstOut.path])
    let run = CLIRunner.run([
      "batch", "--units", "off", after.path, "--out", secondOut.path, "--previous", firstOut.path,
    ])
    #expect(run.out.contains("1 đề nghị thu hồi · 1 duy trì · 1 mới đạt"))
    #expect(run.out.contains("thu hồi: Xã Cao Xá (40002)"))
    let summary = try secondOut.read("summary.json")
    #expect(summary.contains("\"toWithdraw\""))
  }

  @Test("an earlier run's results are read a line at a time, as a whole parse would read them")
  func previousStreaming() throws {
    let out = try TemporaryFolder()
    _ = CLIRunner.run([
      "batch", TestSets.root.appendingPathComponent("Samples/bac-giang").path, "--out", out.path,
    ])
    let path = out.path + "/results.jsonl"
    // The reference: every line parsed whole.
    let expected = try out.read("results.jsonl").split(separator: "\n").map { line in
      guard case .object(let object) = try JSONParser.parse(Array(line.utf8)),
        let commune = object["commune"]?.objectValue,
        case .number(let year)? = object["year"], case .bool(let passed)? = object["passed"]
      else { throw CocoaError(.fileReadCorruptFile) }
      return CommuneStanding(
        code: CommuneCode(checkedDigits: commune["code"]?.stringValue ?? ""),
        name: commune["name"]?.stringValue ?? "",
        districtCode: commune["district"]?.objectValue?["code"]?.stringValue.map {
          DistrictCode(checkedDigits: $0)
        },
        year: Int(year) ?? 0, passed: passed)
    }
    #expect(expected.count > 20)
    // Chunks that cut lines anywhere, and the default size.
    for size in [1, 7, 4096, 1 << 20] {
      #expect(try Reevaluation.standings(resultsFile: path, chunkSize: size) == expected)
    }
    // A damaged line is named by its number; a skipped part must still be valid JSON.
    var lines = try out.read("results.jsonl").split(separator: "\n").map(String.init)
    lines[2] = lines[2].replacingOccurrences(of: "\"indicators\":[", with: "\"indicators\":[[")
    try out.write(lines.joined(separator: "\n") + "\n", to: "results.jsonl")
    #expect {
      _ = try Reevaluation.standings(resultsFile: path)
    } throws: { error in
      (error as? EvidenceError)?.lines(.en).joined().contains("line 3") == true
    }
  }

  @Test("summary.json written piece by piece is the tree's bytes, with and without lists")
  func summaryStreaming() throws {
    let out = try TemporaryFolder()
    let set = try TestSets.bundled()
    let runner = BatchRunner(
      options: .init(jobs: 2, scratchFolder: out.path), criteria: { _ in .success(set) })
    let outcome = try runner.run(
      BatchSources.files(under: TestSets.root.appendingPathComponent("Samples/bac-giang").path))
    let now = outcome.records.map {
      CommuneStanding(
        code: $0.communeCode, name: outcome.communeName(of: $0), districtCode: $0.districtCode,
        year: $0.year, passed: $0.passed)
    }
    #expect(now.contains { $0.passed } && now.contains { !$0.passed })
    // Before: every commune passed, plus one that is gone now; then: nothing before.
    let everyonePassed = now.map {
      CommuneStanding(
        code: $0.code, name: $0.name, districtCode: $0.districtCode, year: $0.year - 1,
        passed: true)
    }
    let gone = CommuneStanding(
      code: "99999", name: "Xã \"Đã\" sáp nhập", districtCode: "216", year: 2024, passed: true)
    for reevaluation in [
      nil, Reevaluation(previous: everyonePassed + [gone], current: now),
      Reevaluation(previous: [], current: now),
    ] {
      let summary = BatchSummary(outcome: outcome, year: nil, reevaluation: reevaluation)
      var streamed: [UInt8] = []
      summary.writeJSON { streamed += $0 }
      #expect(streamed == summary.jsonOutput().bytes(pretty: true))
    }
  }

  @Test("CSV input: BOM, ';' separator, decimal comma, NFD names, a bad row among good ones")
  func csvInput() throws {
    let folder = try TemporaryFolder()
    let out = try TemporaryFolder()
    let template = CLIRunner.run(["template", "--format", "csv", "--headers", "keys"])
    #expect(template.code == 0)
    let lines = template.out.split(separator: "\r\n").map(String.init)
    #expect(lines.count == 2)
    // Re-separate the template with ';' (fields are quoted, so a plain swap is safe here).
    let header = lines[0].replacingOccurrences(of: "\",\"", with: "\";\"")
    var example = lines[1].replacingOccurrences(of: "\",\"", with: "\";\"")
    example = example.replacingOccurrences(of: "\"00000\"", with: "\"50001\"")
    let nfd = "Xã Tân Dĩnh".decomposedStringWithCanonicalMapping
    let good2 =
      example.replacingOccurrences(of: "\"50001\"", with: "\"50002\"")
      .replacingOccurrences(of: "Xã Ví Dụ (dòng mẫu, xóa trước khi dùng)", with: nfd)
      .replacingOccurrences(of: "\"520\"", with: "\"520,5\"")
    let bad = example.replacingOccurrences(of: "\"50001\"", with: "\"50003\"")
      .replacingOccurrences(of: "\"2\";\"TDMNPB\"", with: "\"7\";\"TDMNPB\"")
    // The header starts with the BOM already (the template writes one).
    try folder.write([header, example, good2, bad].joined(separator: "\r\n") + "\r\n", to: "x.csv")
    let run = CLIRunner.run(["batch", "--units", "off", folder.path + "/x.csv", "--out", out.path])
    #expect(run.code == 1)
    let results = try out.read("results.jsonl").split(separator: "\n")
    #expect(results.count == 2)
    #expect(results[1].contains("Xã Tân Dĩnh"), "names are written in NFC")
    #expect(results[1].contains("x.csv:3"))
    let errors = try out.read("errors.jsonl")
    #expect(errors.contains("x.csv:4"))
    #expect(errors.contains("zone"))
    #expect(!errors.contains("x.csv:2"))
  }

  @Test("the English template's example row reads back with the same points as the Vietnamese")
  func englishTemplate() throws {
    let set = try TestSets.bundled()
    var totals: [String] = []
    for language in Language.allCases {
      let folder = try TemporaryFolder()
      try folder.write(BatchCSV.template(set, language: language), to: "t.csv")
      guard case .success(let rows) = BatchCSV.sources(file: folder.path + "/t.csv", criteria: set)
      else {
        Issue.record("the \(language) template is refused")
        continue
      }
      let outcome = try BatchRunner(
        options: .init(jobs: 1, scratchFolder: folder.path), criteria: { _ in .success(set) }
      ).run(rows)
      #expect(outcome.errors.isEmpty, "\(language): \(outcome.errors.map { $0.message.english })")
      totals += outcome.records.map { "\($0.total)" }
    }
    #expect(totals.count == 2 && totals[0] == totals[1])
    #expect(BatchCSV.template(set, language: .en).contains("\"yes\""))
    #expect(BatchCSV.template(set).contains("\"có\""))
  }

  @Test("CSV reader: quotes, doubled quotes, newlines in quotes, separator detection")
  func csvReader() throws {
    let text = "\u{FEFF}a;b;c\r\n\"x;1\";\"say \"\"hi\"\"\";\"two\nlines\"\n\n1;2;3"
    let bytes = Array(text.utf8)
    #expect(CSVReader.detectSeparator(Array(bytes.dropFirst(3))) == UInt8(ascii: ";"))
    let records = try CSVReader(separator: UInt8(ascii: ";")).records(bytes)
    #expect(
      records.map(\.fields) == [
        ["a", "b", "c"], ["x;1", "say \"hi\"", "two\nlines"], ["1", "2", "3"],
      ])
    #expect(records.map(\.line) == [1, 2, 5])
    #expect(throws: CSVReader.SyntaxError.self) {
      _ = try CSVReader(separator: UInt8(ascii: ",")).records(Array("a,\"b\n".utf8))
    }
  }
}
