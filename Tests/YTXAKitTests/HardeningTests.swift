import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAKit

/// Inputs an adversarial user would try: none may trap the process, hang it, grow its memory
/// without bound, choose its own rules or be dropped without a word. Each test is named after the
/// item of the hardening issue it proves.
@Suite("hardening", .serialized)
struct HardeningTests {
  static let sample = BatchTests.sample

  /// Runs the built `ytxa` with a time limit: a hang fails the test instead of stalling it.
  static func run(_ arguments: [String], timeout: Double = 60) throws -> CLIRunner.Output {
    let (output, timedOut) = try CLIRunner.runProcess(arguments, timeout: timeout)
    #expect(!timedOut, "ytxa \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
    // A trap ends the process by a signal: Foundation reports that as a status above 128 or as
    // the signal number with an uncaught-signal reason; either way not 0...3.
    #expect((0...3).contains(output.code), "exit \(output.code): \(output.err)")
    return output
  }

  // MARK: 1, 2 — numbers

  @Test("1: an exponent of Int.min or Int.max is out of range, not a trap")
  func hugeExponents() throws {
    for literal in [
      "1e-9223372036854775808", "1e9223372036854775807", "1E+99999999999999999999", "2e100",
      "1e-100",
    ] {
      #expect(ExactDecimal(literal: literal) == nil, "\(literal)")
    }
    #expect(ExactDecimal(literal: "1e+002") == ExactDecimal(100))
    #expect(ExactDecimal(literal: "25e-1") == ExactDecimal(mantissa: 25, scale: 1))
    #expect(ExactDecimal(literal: String(repeating: "9", count: 100_000)) == nil)
    #expect(ExactDecimal(literal: "0." + String(repeating: "0", count: 100_000) + "1") == nil)
    let folder = try TemporaryFolder()
    let bad = #"{"criteriaSet":"qd-1300-2023","year":1e-9223372036854775808}"#
    try folder.write(bad, to: "in/exp.json")
    try folder.write(Self.sample, to: "in/07336.json")
    let score = try Self.run(["score", folder.path + "/in/exp.json", "--lang", "en"])
    #expect(score.code == 1 && score.err.contains("1e-9223372036854775808 is out of range"))
    let check = try Self.run(["check", folder.path + "/in/exp.json"])
    #expect(check.code == 1)
    let batch = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out",
    ])
    #expect(batch.code == 1)
    #expect(try folder.read("out/results.jsonl").contains("07336"), "the good file still counts")
    let roadmap = try Self.run(["roadmap", "--evidence", folder.path + "/in"])
    #expect(roadmap.code == 1)
    // A criteria file and a roadmap file with such a number: invalid (exit 2), named.
    let criteria = try String(contentsOf: TestSets.bundledSetURL, encoding: .utf8)
      .replacingOccurrences(
        of: "\"recognitionYears\": 3", with: "\"recognitionYears\": 3e-9223372036854775808")
    try folder.write(criteria, to: "criteria.json")
    let validate = try Self.run([
      "criteria", "validate", folder.path + "/criteria.json", "--lang", "en",
    ])
    #expect(validate.code == 2 && validate.err.contains("recognitionYears"))
  }

  static var roadmapText: String {
    (try? String(
      contentsOf: TestSets.root.appendingPathComponent(
        "Criteria/roadmaps/bac-giang-kh115-2023.json"), encoding: .utf8)) ?? ""
  }

  @Test("2: huge communes and targets in a roadmap are validation errors, not overflows")
  func roadmapBounds() throws {
    let text = Self.roadmapText
    let huge = text.replacingOccurrences(
      of: "\"communes\": 209", with: "\"communes\": 9223372036854775807")
    #expect(huge != text)
    #expect(throws: CriteriaError.self) { try Roadmap(data: Array(huge.utf8), file: "r.json") }
    do {
      _ = try Roadmap(data: Array(huge.utf8), file: "r.json")
    } catch {
      #expect(error.text(.en).contains("must be from 0 to 100000"))
      #expect(error.localizedDescription.contains("phải từ 0 đến 100000"))
    }
    // A yearly target of 2^62 in every year of a district: summing them would overflow.
    var object = try #require(
      JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var districts = try #require(object["districts"] as? [[String: Any]])
    var targets = try #require(districts[0]["targets"] as? [String: Any])
    for key in targets.keys { targets[key] = 4_611_686_018_427_387_904 }
    districts[0]["targets"] = targets
    object["districts"] = districts
    let overflowing = try JSONSerialization.data(withJSONObject: object)
    do {
      _ = try Roadmap(data: Array(overflowing), file: "r.json")
      Issue.record("a roadmap with targets of 2^62 was accepted")
    } catch {
      #expect(error.localizedDescription.contains("targets"))
    }
    let folder = try TemporaryFolder()
    try folder.write(String(decoding: overflowing, as: UTF8.self), to: "r.json")
    try folder.write(Self.sample, to: "in/07336.json")
    let run = try Self.run([
      "roadmap", "--roadmap", folder.path + "/r.json", "--evidence", folder.path + "/in",
    ])
    #expect(run.code == 2)
    // Criteria points are bounded too (a set of 47 × 2^60 points would overflow its sum).
    let criteria = try String(contentsOf: TestSets.bundledSetURL, encoding: .utf8)
      .replacingOccurrences(
        of: "\"totalPoints\": 100", with: "\"totalPoints\": 4611686018427387904")
    try folder.write(criteria, to: "c.json")
    let validate = try Self.run(["criteria", "validate", folder.path + "/c.json", "--lang", "en"])
    #expect(validate.code == 2 && validate.err.contains("from 0 to 1000"))
  }

  // MARK: 3, 4, 5 — the folder walk and reads

  @Test("3: links to folders are not followed (two `ln -s .` loops), a link to a file is read once")
  func symlinkLoops() throws {
    let folder = try TemporaryFolder()
    try folder.write(Self.sample, to: "in/07336.json")
    try folder.write(BatchTests.evidence(code: "10001"), to: "elsewhere/10001.json")
    try FileManager.default.createSymbolicLink(
      atPath: folder.path + "/in/x", withDestinationPath: ".")
    try FileManager.default.createSymbolicLink(
      atPath: folder.path + "/in/y", withDestinationPath: ".")
    try FileManager.default.createSymbolicLink(
      atPath: folder.path + "/in/linked.json",
      withDestinationPath: folder.path + "/elsewhere/10001.json")
    let batch = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out",
    ])
    #expect(batch.code == 1)
    let results = try folder.read("out/results.jsonl").split(separator: "\n")
    #expect(results.count == 2, "07336 once and the linked file once")
    #expect(results.contains { $0.contains("in/linked.json") }, "read under the name given")
    let errors = try folder.read("out/errors.jsonl").split(separator: "\n")
    #expect(errors.count == 2)
    #expect(errors.allSatisfy { $0.contains("là liên kết tới một thư mục, không được đi theo") })
    let roadmap = try Self.run(["roadmap", "--evidence", folder.path + "/in", "--lang", "en"])
    #expect(roadmap.err.contains("in/x: is a link to a folder"))
    let score = try Self.run(["score", folder.path + "/in", "--lang", "en"])
    #expect(score.err.contains("in/y: is a link to a folder"))
  }

  @Test("4: a FIFO named x.json is refused at once; the run goes on")
  func fifo() throws {
    let folder = try TemporaryFolder()
    try folder.write(Self.sample, to: "in/07336.json")
    #expect(mkfifo(folder.path + "/in/x.json", 0o644) == 0)
    for arguments in [
      ["score", folder.path + "/in"], ["score", folder.path + "/in/x.json"],
      ["batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out"],
      ["roadmap", "--evidence", folder.path + "/in"],
    ] {
      let run = try Self.run(arguments, timeout: 30)
      #expect(run.code == 1)
      #expect(run.err.contains("x.json: không đọc được tệp số liệu: là một FIFO"))
    }
  }

  @Test("5: a link to /dev/zero, an oversized sparse file and a --previous link are refused")
  func unboundedReads() throws {
    let folder = try TemporaryFolder()
    try folder.write(Self.sample, to: "in/07336.json")
    try FileManager.default.createSymbolicLink(
      atPath: folder.path + "/in/zero.json", withDestinationPath: "/dev/zero")
    // A sparse file of 2 GB: refused by its size, before a byte is read.
    let sparse = open(folder.path + "/in/big.json", O_CREAT | O_WRONLY, 0o644)
    #expect(ftruncate(sparse, 2 << 30) == 0)
    close(sparse)
    let batch = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out", "--lang", "en",
    ])
    #expect(batch.code == 1)
    let errors = try folder.read("out/errors.jsonl")
    #expect(errors.contains("zero.json: cannot read the evidence file: is a device"))
    #expect(errors.contains("big.json: cannot read the evidence file: is larger than 16 MiB"))
    #expect(try folder.read("out/results.jsonl").contains("07336"))
    // --previous whose results.jsonl is a link to /dev/zero.
    try FileManager.default.createDirectory(
      atPath: folder.path + "/prev", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: folder.path + "/prev/results.jsonl", withDestinationPath: "/dev/zero")
    let previous = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out2", "--previous",
      folder.path + "/prev", "--lang", "en",
    ])
    #expect(previous.code == 2 && previous.err.contains("is a device"))
    // --previous with one endless line (no newline): refused at the line limit.
    try FileManager.default.removeItem(atPath: folder.path + "/prev/results.jsonl")
    try folder.write(String(repeating: "x", count: (1 << 20) + 10), to: "prev/results.jsonl")
    let long = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out2", "--previous",
      folder.path + "/prev", "--lang", "en",
    ])
    #expect(long.code == 2 && long.err.contains("is longer than 1 MiB"))
    // CSV input and criteria files have their limits too.
    #expect(FileSystem.Limit.table.bytes == 256 << 20)
    let criteriaLink = folder.path + "/c.json"
    try FileManager.default.createSymbolicLink(
      atPath: criteriaLink, withDestinationPath: "/dev/zero")
    let validate = try Self.run(["criteria", "validate", criteriaLink, "--lang", "en"])
    #expect(validate.code == 2 && validate.err.contains("is a device"))
  }

  // MARK: 6 — suggestions

  @Test("6: no suggestion is looked for a long bad word; the message quotes it shortened")
  func boundedSuggestions() throws {
    let long = String(repeating: "a", count: 10_000_000)
    #expect(closest(to: long, among: EvidenceLoader.rootKeys) == nil)
    #expect(closest(to: "yaer", among: EvidenceLoader.rootKeys) == "year")
    #expect(long.abbreviated.count < 100)
    // A 1 MB unknown key: rejected, its message short.
    let set = try TestSets.bundled()
    let key = String(repeating: "k", count: 1_000_000)
    let text = Self.sample.replacingOccurrences(
      of: "\"schemaVersion\": 1,", with: "\"schemaVersion\": 1, \"\(key)\": 1,")
    do {
      _ = try Evidence(data: Array(text.utf8), file: "big-key.json", criteria: set)
      Issue.record("a file with an unknown key was accepted")
    } catch {
      let message = error.lines(.en).joined(separator: "\n")
      #expect(message.contains("(1000000 characters)"))
      #expect(message.utf8.count < 2_000)
    }
  }

  // MARK: 7, 8 — nothing skipped in silence

  @Test("7: an unreadable folder or file is an error, in errors.jsonl and on stderr")
  func unreadable() throws {
    let folder = try TemporaryFolder()
    try folder.write(Self.sample, to: "in/07336.json")
    try folder.write(BatchTests.evidence(code: "10001"), to: "in/locked/10001.json")
    try folder.write(BatchTests.evidence(code: "10002"), to: "in/secret.json")
    chmod(folder.path + "/in/locked", 0o000)
    chmod(folder.path + "/in/secret.json", 0o000)
    defer { chmod(folder.path + "/in/locked", 0o755) }
    // Root reads anything: run as nobody when root (the folders are opened up for it). The
    // checkout may lie under a folder nobody cannot enter (a clone in root's home or in a
    // `mktemp -d` folder), so nobody runs a copy of the binary and of the bundle, laid out as
    // an install is (`bin/ytxa` beside `share/ytxa/Criteria`), inside the test's own folder.
    let asNobody = getuid() == 0
    if asNobody {
      for path in [
        folder.url.deletingLastPathComponent().path, folder.path, folder.path + "/in",
      ] {
        chmod(path, 0o777)
      }
      chmod(folder.path + "/in/07336.json", 0o644)
      try FileManager.default.createDirectory(
        atPath: folder.path + "/install/bin", withIntermediateDirectories: true)
      try FileManager.default.createDirectory(
        atPath: folder.path + "/install/share/ytxa", withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        atPath: CLIRunner.executable.path, toPath: folder.path + "/install/bin/ytxa")
      try FileManager.default.copyItem(
        atPath: TestSets.root.appendingPathComponent("Criteria").path,
        toPath: folder.path + "/install/share/ytxa/Criteria")
      try Self.openUp(folder.path + "/install")
    }
    func run(_ arguments: [String]) throws -> CLIRunner.Output {
      guard asNobody else { return try Self.run(arguments) }
      let (output, timedOut) = try CLIRunner.runProcess(
        ["--reuid=65534", "--regid=65534", "--clear-groups", folder.path + "/install/bin/ytxa"]
          + arguments, timeout: 60, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
      #expect(!timedOut)
      return output
    }
    let batch = try run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out", "--lang", "en",
    ])
    #expect(batch.code == 1, "\(batch.err)")
    let errors = try folder.read("out/errors.jsonl")
    #expect(errors.contains("in/locked: cannot read the folder: permission denied"))
    #expect(errors.contains("secret.json: cannot read the evidence file: permission denied"))
    for command in [["score"], ["check"]] {
      let run = try run(command + [folder.path + "/in", "--lang", "en"])
      #expect(run.code == 1)
      #expect(run.err.contains("in/locked: cannot read the folder: permission denied"))
    }
    let roadmap = try run(["roadmap", "--evidence", folder.path + "/in", "--lang", "en"])
    #expect(roadmap.code == 1 && roadmap.err.contains("permission denied"))
  }

  /// Makes everything under `path` readable, and enterable or runnable, by anyone.
  static func openUp(_ path: String) throws {
    chmod(path, 0o755)
    let enumerator = FileManager.default.enumerator(atPath: path)
    while let name = enumerator?.nextObject() as? String {
      chmod(path + "/" + name, 0o755)
    }
  }

  @Test("8: a file name that is not UTF-8 is read, and named with its bytes escaped")
  func nonUTF8Names() throws {
    let folder = try TemporaryFolder()
    try FileManager.default.createDirectory(
      atPath: folder.path + "/in", withIntermediateDirectories: true)
    let name = Array((folder.path + "/in/bad").utf8) + [0xFF, 0xFE] + Array(".json".utf8)
    let descriptor = open(
      name.map { CChar(bitPattern: $0) } + [0], O_CREAT | O_WRONLY | O_TRUNC, 0o644)
    #expect(descriptor >= 0)
    _ = Array(Self.sample.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
    close(descriptor)
    let batch = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out",
    ])
    #expect(batch.code == 0, "\(batch.err)")
    #expect(try folder.read("out/results.jsonl").contains(#"bad\\xFF\\xFE.json"#))
    // Named on the command line: the argument's bytes reach the file (run through the shell,
    // so the name is passed as raw bytes).
    let shell = try CLIRunner.runProcess(
      [
        "-c", "exec \"$0\" score \"$1\"$'\\xff\\xfe.json'", CLIRunner.executable.path,
        folder.path + "/in/bad",
      ],
      timeout: 30, executable: URL(fileURLWithPath: "/bin/bash"))
    #expect(shell.output.code == 0, "\(shell.output.err)")
    #expect(shell.output.out.contains(#"bad\xFF\xFE.json"#))
    #expect(
      OSName.systemBytes(OSName.decode([0x61, 0xFF, 0xC3, 0xA0])) == [0x61, 0xFF, 0xC3, 0xA0])
    #expect(OSName.display(OSName.decode([0x61, 0xFF, 0xC3, 0xA0])) == #"a\xFFà"#)
  }

  // MARK: 9 — empty runs and the output folder

  @Test("9: an empty run is an error that leaves the output folder untouched")
  func emptyRuns() throws {
    let folder = try TemporaryFolder()
    try folder.write(Self.sample, to: "in/2025/07336.json")
    try folder.write(BatchTests.evidence(code: "10001"), to: "in/2025/10001.json")
    let first = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out",
    ])
    #expect(first.code == 0)
    let before = try folder.read("out/results.jsonl")
    try FileManager.default.createDirectory(
      atPath: folder.path + "/empty", withIntermediateDirectories: true)
    let empty = try Self.run([
      "batch", "--units", "off", folder.path + "/empty", "--out", folder.path + "/out", "--lang",
      "en",
    ])
    #expect(empty.code == 2 && empty.err.contains("no evidence file under"))
    let otherYear = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out", "--year",
      "2019", "--lang", "en",
    ])
    #expect(otherYear.code == 2 && otherYear.err.contains("no evidence file for 2019"))
    let itself = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/in",
    ])
    #expect(itself.code == 2 && itself.err.contains("is the input folder or contains it"))
    // A link to the input folder, as --out: refused the same way.
    try FileManager.default.createSymbolicLink(
      atPath: folder.path + "/link", withDestinationPath: folder.path + "/in")
    let link = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/link",
    ])
    #expect(link.code == 2 && link.err.contains("is the input folder or contains it"))
    let above = try Self.run([
      "batch", "--units", "off", folder.path + "/in/2025", "--out", folder.path + "/in",
    ])
    #expect(above.code == 2 && above.err.contains("contains it"))
    // A folder inside the input that holds evidence: refused, nothing scored or written there.
    let inside = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/in/2025",
    ])
    #expect(inside.code == 2 && inside.err.contains("not ytxa outputs"))
    #expect(try folder.read("out/results.jsonl") == before)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path + "/in/2025").sorted()
        == ["07336.json", "10001.json"])
    // A new output folder inside the input: left out of the walk.
    let fresh = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/in/out",
    ])
    #expect(fresh.code == 0)
    let again = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/in/out",
    ])
    #expect(again.code == 0, "its own summary.json is not read as evidence: \(again.err)")
    #expect(try folder.read("in/out/results.jsonl") == before)
    // score and check: an empty folder is exit 2 too.
    #expect(try Self.run(["score", folder.path + "/empty"]).code == 2)
    #expect(try Self.run(["roadmap", "--evidence", folder.path + "/empty"]).code == 2)
  }

  // MARK: 10, 11 — CSV input

  /// The template's example row as a dictionary, to change and write back.
  static func templateRow() throws -> (header: [String], row: [String: String]) {
    let template = CLIRunner.run(["template", "--format", "csv", "--headers", "keys"]).out
    let records = try CSVReader(separator: UInt8(ascii: ",")).records(Array(template.utf8))
    return (
      records[0].fields, Dictionary(uniqueKeysWithValues: zip(records[0].fields, records[1].fields))
    )
  }

  static func csv(_ header: [String], _ rows: [[String: String]]) -> String {
    ([header.joined(separator: ",")]
      + rows.map { row in header.map { "\"" + (row[$0] ?? "") + "\"" }.joined(separator: ",") })
      .joined(separator: "\r\n") + "\r\n"
  }

  @Test(
    "10: CSV encodings: UTF-16 decoded, legacy text refused naming the line; 1/0 and one-item checklists"
  )
  func csvEncodings() throws {
    let (header, template) = try Self.templateRow()
    var row = template
    row["commune_code"] = "50001"
    row["commune_name"] = "Xã Tân Dĩnh"
    row["5"] = "1"
    row["15"] = "0"
    row["14"] = "dien"
    let text = Self.csv(header, [row])
    let folder = try TemporaryFolder()
    try folder.write(text, to: "utf8.csv")
    let utf8 = CLIRunner.run([
      "batch", "--units", "off", folder.path + "/utf8.csv", "--out", folder.path + "/o1",
    ])
    #expect(utf8.code == 0, "1/0 and a one-item checklist are read: \(utf8.err)")
    let line = try folder.read("o1/results.jsonl")
    #expect(line.contains("Xã Tân Dĩnh"))
    #expect(try folder.read("o1/errors.jsonl").isEmpty)
    // The same text in UTF-16 (both byte orders, with a BOM): the same result.
    for (encoding, name) in [(String.Encoding.utf16LittleEndian, "le"), (.utf16BigEndian, "be")] {
      let bom: [UInt8] = encoding == .utf16LittleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
      let data = Data(bom) + text.data(using: encoding)!
      try data.write(to: folder.url.appendingPathComponent(name + ".csv"))
      let run = CLIRunner.run([
        "batch", "--units", "off", folder.path + "/\(name).csv", "--out",
        folder.path + "/o-\(name)",
      ])
      #expect(run.code == 0)
      #expect(
        try folder.read("o-\(name)/results.jsonl").replacingOccurrences(
          of: name + ".csv", with: "utf8.csv")
          == line)
    }
    // Windows-1258 (here: Latin-1 bytes for 'â'): refused, naming the line and the fix.
    var legacy = Array(Self.csv(header, [template]).utf8)
    legacy.append(
      contentsOf: Array("\"2026\",\"qd-1300-2023\",\"50002\",\"X".utf8) + [0xE2]
        + Array("\"\r\n".utf8))
    try Data(legacy).write(to: folder.url.appendingPathComponent("legacy.csv"))
    let refused = CLIRunner.run([
      "batch", "--units", "off", folder.path + "/legacy.csv", "--out", folder.path + "/o3",
      "--lang", "en",
    ])
    #expect(refused.code == 1)
    #expect(refused.err.contains("line 3 is not UTF-8 text"))
    #expect(refused.err.contains("CSV UTF-8"))
    // A yes/no cell that is neither: a clear message, not "found a number".
    var wrong = template
    wrong["5"] = "2"
    try folder.write(Self.csv(header, [wrong]), to: "wrong.csv")
    let bad = CLIRunner.run([
      "batch", "--units", "off", folder.path + "/wrong.csv", "--out", folder.path + "/o4", "--lang",
      "en",
    ])
    #expect(
      bad.err.contains("cell V2 (column 5, indicator 5. An epidemic prevention"), "\(bad.err)")
    #expect(bad.err.contains(": \"2\" is not yes or no"))
  }

  @Test("11: thousands grouping in CSV numbers: read where proven, else refused with both readings")
  func csvThousands() throws {
    #expect(try CSVNumber.literal("1.000.000").get() == "1000000")
    #expect(try CSVNumber.literal("1.000,5").get() == "1000.5")
    #expect(try CSVNumber.literal("1,000.5").get() == "1000.5")
    #expect(try CSVNumber.literal("520,5").get() == "520.5")
    #expect(try CSVNumber.literal("0,125").get() == "0.125")
    #expect(try CSVNumber.literal("95.25").get() == "95.25")
    #expect(try CSVNumber.literal("1234.567").get() == "1234.567")
    #expect(try CSVNumber.literal("-3").get() == "-3")
    for ambiguous in ["1.000", "10.000", "1,000", "9.650"] {
      #expect(throws: CSVNumber.Problem.self) { try CSVNumber.literal(ambiguous).get() }
    }
    for invalid in ["1.00.0", "1,0000.5", "1e3", "", "abc", "1.000.00", "01.000.000"] {
      #expect(CSVNumber.literal(invalid) == .failure(.notANumber), "\(invalid)")
    }
    let (header, template) = try Self.templateRow()
    var count = template
    count["commune_code"] = "50001"
    count["12"] = "1.000"
    var ratio = template
    ratio["commune_code"] = "50002"
    ratio["3_num"] = "9.650"
    ratio["3_den"] = "10.000"
    var measure = template
    measure["commune_code"] = "50003"
    measure["11"] = "1.000,5"
    let folder = try TemporaryFolder()
    try folder.write(Self.csv(header, [count, ratio, measure]), to: "x.csv")
    let run = CLIRunner.run([
      "batch", "--units", "off", folder.path + "/x.csv", "--out", folder.path + "/out", "--lang",
      "en",
    ])
    let errors = try folder.read("out/errors.jsonl")
    #expect(
      errors.contains(
        #"(column 12, indicator 12. Number of functional rooms in the station): \"1.000\" could be 1000 (the mark grouping thousands) or 1.000"#
      ), "\(errors)")
    #expect(
      errors.contains(
        #"(column 3_num, indicator 3. Share of the population with health insurance): \"9.650\" could be 9650"#
      ), "\(errors)")
    #expect(errors.contains("x.csv:2") && errors.contains("x.csv:3"))
    let results = try folder.read("out/results.jsonl")
    #expect(results.contains("\"code\":\"50003\""), "1.000,5 in a measure is read")
    #expect(run.code == 1)
  }

  // MARK: 12 — codes

  @Test("12: codes with spaces or NBSP are one commune; a 4-digit code names the 5-digit one")
  func codes() throws {
    let folder = try TemporaryFolder()
    try folder.write(Self.sample, to: "in/a.json")
    try folder.write(
      Self.sample.replacingOccurrences(of: "\"07336\"", with: "\"07336 \""), to: "in/b.json")
    try folder.write(
      Self.sample.replacingOccurrences(of: "\"07336\"", with: "\"\\u00a007336\""), to: "in/c.json")
    try folder.write(
      BatchTests.evidence(code: "10001", district: " 216"), to: "in/d.json")
    try folder.write(
      Self.sample.replacingOccurrences(of: "\"07336\"", with: "\"7336\""), to: "in/e.json")
    try folder.write(
      BatchTests.evidence(code: "10002", district: "21a"), to: "in/f.json")
    let run = try Self.run([
      "batch", "--units", "off", folder.path + "/in", "--out", folder.path + "/out", "--lang", "en",
    ])
    #expect(run.code == 1)
    let errors = try folder.read("out/errors.jsonl").split(separator: "\n").map(String.init)
    #expect(errors.count == 4)
    #expect(errors[0].contains("b.json") && errors[0].contains("duplicate: commune 07336"))
    #expect(errors[1].contains("c.json") && errors[1].contains("duplicate: commune 07336"))
    #expect(errors[2].contains("e.json") && errors[2].contains(#"did you mean \"07336\"?"#))
    #expect(errors[3].contains("f.json") && errors[3].contains("a district code is 3 digits"))
    let summary = try folder.read("out/summary.json")
    #expect(summary.components(separatedBy: "\"code\": \"216\"").count == 2, "one district row")
    #expect(UnitCode.commune.normalise("\u{2003}07336\u{A0}") == .success("07336"))
    #expect(UnitCode.province.normalise("24") == .success("24"))
  }
}
