import Foundation
import Synchronization
import YTXAFormats
import YTXAKit

/// `ytxa verify DIR`: re-reads the inputs a batch run's manifest names, checks every hash,
/// re-scores them with the same criteria and options, and says whether the outputs are still
/// byte for byte what the run wrote.
enum VerifyCommand {
  static let spec = CommandSpec(
    name: "verify",
    summary: "Check a batch run from its manifest: same criteria, same inputs, same outputs.",
    summaryVi: "Kiểm tra lại một lần chạy batch theo manifest: cùng bộ tiêu chí, cùng "
      + "đầu vào, cùng kết quả.",
    positionals: "DIR", minimumPositionals: 1, maximumPositionals: 1,
    options: [
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json"],
        help: "text (default) or json: {\"matches\", \"manifest\", \"checks\", \"differences\"}.",
        vi: "text (mặc định) hoặc json: {\\\"matches\\\", \\\"manifest\\\", "
          + "\\\"checks\\\", \\\"differences\\\"}."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"], help: "Language (default vi).",
        vi: "Ngôn ngữ (mặc định vi)."),
    ],
    discussion: """
      DIR is the output folder of 'ytxa batch'. Its manifest.json names the criteria files, the
      unit registry, every input and every output with their SHA-256. verify checks the criteria
      and the registry first (a changed criteria file is named and nothing is re-scored), then
      runs the batch again with the same arguments into a temporary folder, from the working
      directory the run was made in, and compares every input and every output.
      Exit codes: 0 everything matches; 1 something differs (each file is listed: input changed,
      output changed, criteria changed); 2 the manifest is missing or malformed.
      """,
    discussionVi: """
      DIR là thư mục kết quả của 'ytxa batch'. Tệp manifest.json của nó ghi các tệp bộ tiêu chí,
      danh mục đơn vị, mọi đầu vào và mọi đầu ra cùng SHA-256. verify kiểm tra bộ tiêu chí và danh
      mục trước (tệp bộ tiêu chí đã đổi thì được nêu tên và không chấm lại), rồi chạy lại batch với
      cùng tham số vào một thư mục tạm, từ thư mục làm việc của lần chạy đó, và so sánh mọi đầu vào
      và mọi đầu ra.
      Mã thoát: 0 mọi thứ khớp; 1 có chỗ khác (liệt kê từng tệp: đầu vào đổi, kết quả đổi, bộ tiêu
      chí đổi); 2 thiếu manifest hoặc manifest hỏng.
      """)

  /// Why a file's digest could not be taken.
  struct Unreadable: Error {
    var message: Message
    /// Not unreadable but changed: an output grown past its recorded size (not read further).
    var isChanged = false
  }

  /// One thing that differs, and the file it concerns.
  struct Finding {
    var file: String
    var what: Message
  }

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    let folder = parsed.positionals[0]
    let manifest: RunManifest
    do {
      // Everything but the inputs; they are read again, one at a time, when compared.
      manifest = try RunManifest.stream(contentsOf: folder + "/manifest.json") { _ in }
    } catch {
      console.error(
        Message(verbatim: error.file + ": ") + error.message
          + Message(
            " (cần bản kê manifest.json do ytxa batch ghi)",
            " (a manifest.json written by ytxa batch is needed)"), l)
      return ExitCode.usage
    }
    var lines = [
      l.pick("Kiểm tra lại lần chạy ", "Verifying the run in ") + folder + " (ytxa "
        + manifest.engineVersion + ", " + manifest.started + " → " + manifest.finished + ")",
      l.pick("Lệnh: ytxa ", "Command: ytxa ") + manifest.arguments.joined(separator: " "),
    ]
    var base = manifest.workingDirectory
    var isFolder: ObjCBool = false
    if !FileManager.default.fileExists(atPath: base, isDirectory: &isFolder) || !isFolder.boolValue
    {
      base = FileManager.default.currentDirectoryPath
      lines.append(
        l.pick(
          "Thư mục làm việc của lần chạy (\(manifest.workingDirectory)) không còn; đường dẫn "
            + "tương đối được đọc từ \(base).",
          "The run's working directory (\(manifest.workingDirectory)) is gone; relative paths "
            + "are read from \(base)."))
    }
    let rules = checkRules(manifest, base: base)
    lines += rules.lines.map { $0.text(l) }
    var findings = rules.findings
    if findings.isEmpty {
      findings += rescore(manifest, folder: folder, base: base, lines: &lines, language: l)
    } else {
      lines.append(
        l.pick(
          "Không chấm lại: các quy tắc đã khác với lần chạy.",
          "Not re-scored: the rules are not the ones the run used."))
    }
    let checks = lines
    if findings.isEmpty {
      lines.append(
        l.pick(
          "KẾT LUẬN: KHỚP — cùng bộ tiêu chí, cùng đầu vào, kết quả chấm lại giống từng byte.",
          "RESULT: MATCHES — same criteria, same inputs, re-scoring gives the same bytes."))
    } else {
      lines.append(l.pick("Khác với bản kê:", "Differs from the manifest:"))
      lines += findings.map { "  " + $0.file + ": " + $0.what.text(l) }
      lines.append(
        l.pick(
          "KẾT LUẬN: KHÔNG KHỚP — \(findings.count) điểm khác.",
          "RESULT: DOES NOT MATCH — \(findings.count) difference"
            + (findings.count == 1 ? "." : "s.")))
    }
    if parsed["--format"] == "json" {
      let output: JSONOutput = .object([
        "matches": .bool(findings.isEmpty),
        "manifest": .object([
          "folder": .string(folder), "engineVersion": .string(manifest.engineVersion),
          "arguments": .array(manifest.arguments.map { .string($0) }),
          "started": .string(manifest.started), "finished": .string(manifest.finished),
        ]),
        "checks": .array(checks.map { .string($0) }),
        "differences": .array(
          findings.map { .object(["file": .string($0.file), "what": .string($0.what.text(l))]) }),
      ])
      console.out(output.pretty() + "\n")
    } else {
      console.text(lines.joined(separator: "\n") + "\n")
    }
    return findings.isEmpty ? ExitCode.success : ExitCode.failure
  }

  /// `a1b2c3d4e5f6…`
  static func short(_ sha: String?) -> String { sha.map { String($0.prefix(12)) + "…" } ?? "—" }

  /// The criteria files, the registry and the earlier run compared with: what the run's
  /// results depend on besides its inputs.
  static func checkRules(_ manifest: RunManifest, base: String) -> (
    lines: [Message], findings: [Finding]
  ) {
    var lines: [Message] = []
    var findings: [Finding] = []
    func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : base + "/" + path }
    func check(_ label: Message, file: String, recorded: String?, now: Result<String, Unreadable>) {
      switch now {
      case .success(let sha) where sha == recorded:
        lines.append(label + ": \(file) — " + Message("khớp", "matches") + " (\(short(sha)))")
      case .success(let sha):
        lines.append(label + ": \(file) — " + Message("KHÁC", "DIFFERS"))
        findings.append(
          Finding(
            file: file,
            what: label
              + Message(
                " đã đổi (SHA-256 \(short(recorded)) → \(short(sha)))",
                " changed (SHA-256 \(short(recorded)) → \(short(sha)))")))
      case .failure(let why):
        lines.append(label + ": \(file) — " + why.message)
        findings.append(
          Finding(
            file: file, what: label + Message(" không đọc được: ", " unreadable: ") + why.message))
      }
    }
    for criteria in manifest.criteria {
      let now: Result<String, Unreadable>
      if criteria.bundled {
        now = Result { () throws(CriteriaError) in
          try BundledFiles().criteriaSet(id: criteria.id).source?.sha256 ?? ""
        }.mapError { Unreadable(message: $0.message) }
      } else {
        now = FileDigest.of(resolve(criteria.file), limit: .definition).map(\.sha256).mapError {
          Unreadable(message: $0.message)
        }
      }
      let label =
        criteria.role == "comparison"
        ? Message("Bộ tiêu chí so sánh \(criteria.id)", "Compared criteria set \(criteria.id)")
        : Message("Bộ tiêu chí \(criteria.id)", "Criteria set \(criteria.id)")
      check(label, file: criteria.file, recorded: criteria.sha256, now: now)
    }
    if let registry = manifest.registry {
      let now: Result<String, Unreadable>
      if manifest.options["units"] ?? "bundled" == "bundled" {
        now = Result { try BundledFiles().unitRegistry().sha256 ?? "" }
          .mapError { Unreadable(message: Message(describing: $0)) }
      } else {
        now = FileDigest.of(resolve(registry.path), limit: .definition).map(\.sha256).mapError {
          Unreadable(message: $0.message)
        }
      }
      check(
        Message("Danh mục đơn vị hành chính", "Registry of units"), file: registry.path,
        recorded: registry.sha256, now: now)
    }
    if let previous = manifest.previous {
      check(
        Message("Kết quả lần trước (--previous)", "Earlier run (--previous)"),
        file: previous.path, recorded: previous.sha256,
        now: FileDigest.of(resolve(previous.path), limit: .results).map(\.sha256).mapError {
          Unreadable(message: $0.message)
        })
    }
    return (lines, findings)
  }
}
